using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using AutoDiffGen.Generators.Parse;
using Microsoft.CodeAnalysis;

namespace AutoDiffGen.Generators.Fuse;

/// <summary>Parse stage of elementwise fusion: the main parser's model, plus the overload-clash check.</summary>
internal static class FusionParser
{
    private const string TensorName = "AutoDiffGen.Tensor";

    /// <summary>Null when the method cannot be parsed; never throws except for cancellation.</summary>
    public static FusionInput? Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        try
        {
            if (Parser.Parse(context, cancellationToken) is not { } spec || context.TargetSymbol is not IMethodSymbol method)
            {
                return null;
            }

            return new FusionInput(spec, Clashes(method, context.SemanticModel.Compilation));
        }
        catch (OperationCanceledException)
        {
            throw;
        }
        catch (Exception)
        {
            return null;
        }
    }

    /// <summary>
    /// True when the type already has a non-method member named like the method, or a method with the overload's
    /// parameter types (differentiable float/double parameters as tensors, the others unchanged).
    /// </summary>
    private static bool Clashes(IMethodSymbol method, Compilation compilation)
    {
        var tensor = compilation.GetTypeByMetadataName(TensorName);
        if (tensor is null)
        {
            return true;
        }

        var overload = method.Parameters.Select(p => IsVarying(p) ? (ITypeSymbol)tensor : p.Type).ToList();
        foreach (var member in method.ContainingType.GetMembers(method.Name))
        {
            if (member is not IMethodSymbol other)
            {
                return true;
            }

            if (SameTypes(other.Parameters.Select(p => p.Type).ToList(), overload))
            {
                return true;
            }

            // Another [Differentiable] overload (F(float) beside F(double)) would get the same tensor overload: neither does.
            if (!SymbolEqualityComparer.Default.Equals(other, method)
                && other.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == Parser.DifferentiableAttributeName)
                && SameTypes(other.Parameters.Select(p => IsVarying(p) ? (ITypeSymbol)tensor : p.Type).ToList(), overload))
            {
                return true;
            }
        }

        return false;
    }

    private static bool SameTypes(List<ITypeSymbol> a, List<ITypeSymbol> b) =>
        a.Count == b.Count && a.Zip(b, (x, y) => SymbolEqualityComparer.Default.Equals(x, y)).All(same => same);

    private static bool IsVarying(IParameterSymbol parameter) =>
        parameter.Type.SpecialType is SpecialType.System_Single or SpecialType.System_Double
        && !parameter.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == "AutoDiffGen.NoDerivativeAttribute");
}
