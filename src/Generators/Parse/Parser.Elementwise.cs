using System.Linq;
using AutoDiffGen.Generators.Model;
using Microsoft.CodeAnalysis;

namespace AutoDiffGen.Generators.Parse;

/// <summary>
/// Op facts: what a callee declares about itself with <c>[Elementwise]</c>, read from source or metadata alike, so the
/// generator keeps no list of op names.
/// </summary>
internal sealed partial class Parser
{
    /// <summary>The runtime's <c>[Elementwise]</c> attribute.</summary>
    public const string ElementwiseAttributeName = "AutoDiffGen.ElementwiseAttribute";

    /// <summary>The facts a callee's <c>[Elementwise]</c> attribute declares (read from source or metadata alike).</summary>
    internal static ElementwiseSpec? ElementwiseFacts(IMethodSymbol method)
    {
        var attribute = method.GetAttributes().FirstOrDefault(a => a.AttributeClass?.ToDisplayString() == ElementwiseAttributeName);
        if (attribute is null)
        {
            return null;
        }

        var op = attribute.ConstructorArguments.Length == 1 && attribute.ConstructorArguments[0].Value is INamedTypeSymbol type
            ? type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat)
            : string.Empty;
        var math = attribute.NamedArguments.FirstOrDefault(n => n.Key == "MathFunction").Value.Value as string ?? string.Empty;
        return new ElementwiseSpec(op, math);
    }
}
