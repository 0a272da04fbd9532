using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AutoDiffGen.Analyzers.Shared;

/// <summary>
/// The <c>[DerivativeOf]</c> convention: parameters <c>grad</c> (typed as the function's result), then any of the
/// function's parameters by name and type, optionally <c>result</c>; it returns the gradient of each differentiable
/// parameter in order (one value or a tuple), or of the <c>Wrt</c> parameter alone.
/// </summary>
internal static class RuleSignature
{
    /// <summary>Name used for an instance function's receiver in a rule.</summary>
    public const string ReceiverName = "self";

    /// <summary>The inputs a rule for <paramref name="function"/> returns gradients for, receiver first.</summary>
    public static List<(string Name, ITypeSymbol Type)> Differentiable(IMethodSymbol function, KnownSymbols known)
    {
        var family = TypeClassifier.Family(function.ReturnType, known);
        var result = new List<(string, ITypeSymbol)>();
        if (!function.IsStatic && function.ContainingType is { } receiver && TypeClassifier.Family(receiver, known) == family && family != ValueFamily.None)
        {
            result.Add((ReceiverName, receiver));
        }

        foreach (var parameter in function.Parameters)
        {
            if (family != ValueFamily.None && TypeClassifier.Family(parameter.Type, known) == family && !known.IsNoDerivative(parameter))
            {
                result.Add((RuleParameterNames.For(parameter.Name), parameter.Type));
            }
        }

        return result;
    }

    /// <summary>The return type text a rule must have: one gradient, or a named tuple of them.</summary>
    public static string? ExpectedReturn(IMethodSymbol function, string? wrt, KnownSymbols known)
    {
        var inputs = Differentiable(function, known);
        if (wrt is not null)
        {
            return inputs.Where(i => i.Name == wrt).Select(i => TypeClassifier.Display(i.Type)).FirstOrDefault();
        }

        return inputs.Count switch
        {
            0 => null,
            1 => TypeClassifier.Display(inputs[0].Type),
            _ => "(" + string.Join(", ", inputs.Select(i => TypeClassifier.Display(i.Type) + " " + i.Name)) + ")",
        };
    }

    /// <summary>The full parameter list a rule may take: grad, every input of the function, result.</summary>
    public static string ExpectedParameters(IMethodSymbol function)
    {
        var returnType = TypeClassifier.Display(function.ReturnType);
        var parameters = new List<string> { returnType + " grad" };
        if (!function.IsStatic)
        {
            parameters.Add(TypeClassifier.Display(function.ContainingType) + " " + ReceiverName);
        }

        parameters.AddRange(function.Parameters.Select(p => TypeClassifier.Display(p.Type) + " " + RuleParameterNames.For(p.Name)));
        return string.Join(", ", parameters);
    }

    /// <summary>A signature like <c>static (Tensor a, Tensor b) MulBackward(Tensor grad, Tensor a, Tensor b)</c> (result is optional).</summary>
    public static string Expected(IMethodSymbol function, string ruleName, string? wrt, KnownSymbols known) =>
        $"static {ExpectedReturn(function, wrt, known) ?? "?"} {ruleName}({ExpectedParameters(function)}[, {TypeClassifier.Display(function.ReturnType)} result])";

    /// <summary>Why <paramref name="rule"/> does not fit <paramref name="function"/>, with where to point; null when it fits.</summary>
    public static (string Reason, Location Location)? Mismatch(IMethodSymbol rule, MethodDeclarationSyntax ruleSyntax, IMethodSymbol function, string? wrt, KnownSymbols known)
    {
        var identifier = ruleSyntax.Identifier.GetLocation();
        var returnType = function.ReturnType;
        var inputs = Differentiable(function, known);
        if (!rule.IsStatic)
        {
            return ("the rule is not static", identifier);
        }

        if (rule.IsGenericMethod)
        {
            return ("the rule is generic", identifier);
        }

        // An instance function's receiver binds to the rule parameter of its type that no other name claims; Wrt may name it.
        var receiverParameter = function.IsStatic
            ? null
            : rule.Parameters.FirstOrDefault(p => p.Name is not ("grad" or "result")
                && !function.Parameters.Any(f => RuleParameterNames.For(f.Name) == p.Name)
                && SymbolEqualityComparer.Default.Equals(p.Type, function.ContainingType))?.Name;
        if (wrt is not null && wrt == receiverParameter)
        {
            wrt = ReceiverName;
        }

        if (wrt is not null && !inputs.Any(i => i.Name == wrt))
        {
            var reason = function.Parameters.Any(p => RuleParameterNames.For(p.Name) == wrt)
                ? $"Wrt names '{wrt}', which gets no gradient"
                : $"Wrt names '{wrt}', which is not a parameter of '{function.Name}'";
            return (reason, identifier);
        }

        var receiverBound = false;
        var hasGrad = false;
        foreach (var parameter in rule.Parameters)
        {
            var location = ruleSyntax.ParameterList.Parameters[parameter.Ordinal].GetLocation();
            var display = TypeClassifier.Display(parameter.Type);
            if (parameter.Name is "grad" or "result")
            {
                hasGrad |= parameter.Name == "grad";
                if (!SymbolEqualityComparer.Default.Equals(parameter.Type, returnType))
                {
                    return ($"'{parameter.Name}' is '{display}' but '{function.Name}' returns '{TypeClassifier.Display(returnType)}'", location);
                }

                continue;
            }

            if (function.Parameters.FirstOrDefault(p => RuleParameterNames.For(p.Name) == parameter.Name) is { } match)
            {
                if (!SymbolEqualityComparer.Default.Equals(parameter.Type, match.Type))
                {
                    return ($"'{parameter.Name}' is '{display}' but '{function.Name}' takes '{TypeClassifier.Display(match.Type)} {match.Name}'", location);
                }

                continue;
            }

            if (!function.IsStatic && !receiverBound && SymbolEqualityComparer.Default.Equals(parameter.Type, function.ContainingType))
            {
                receiverBound = true;
                continue;
            }

            return ($"'{parameter.Name}' is neither 'grad', 'result' nor a parameter of '{function.Name}'", location);
        }

        if (!hasGrad)
        {
            return ("it has no 'grad' parameter", identifier);
        }

        if (inputs.Count == 0)
        {
            return ($"'{function.Name}' has no differentiable input (float, double or Tensor, of the same kind as its result)", identifier);
        }

        var returnLocation = ruleSyntax.ReturnType.GetLocation();
        if (rule.ReturnsVoid)
        {
            return ("it returns nothing", returnLocation);
        }

        if (wrt is not null)
        {
            var input = inputs.First(i => i.Name == wrt);
            return SymbolEqualityComparer.Default.Equals(rule.ReturnType, input.Type)
                ? null
                : ($"with Wrt = \"{wrt}\" it returns the gradient of '{wrt}', a '{TypeClassifier.Display(input.Type)}'", returnLocation);
        }

        if (rule.ReturnType is INamedTypeSymbol { IsTupleType: true } tuple)
        {
            var elements = tuple.TupleElements;
            if (elements.Length != inputs.Count)
            {
                return ($"it returns {elements.Length} gradients but '{function.Name}' has {inputs.Count} differentiable inputs", returnLocation);
            }

            for (var i = 0; i < elements.Length; i++)
            {
                var element = elements[i];
                if (element.IsExplicitlyNamedTupleElement && element.Name != inputs[i].Name && !(inputs[i].Name == ReceiverName && receiverBound))
                {
                    return ($"gradient {i + 1} is named '{element.Name}' but is the gradient of '{inputs[i].Name}'", returnLocation);
                }

                if (!SymbolEqualityComparer.Default.Equals(element.Type, inputs[i].Type))
                {
                    return ($"the gradient of '{inputs[i].Name}' must be a '{TypeClassifier.Display(inputs[i].Type)}'", returnLocation);
                }
            }

            return null;
        }

        if (inputs.Count != 1)
        {
            return ($"it returns one gradient but '{function.Name}' has {inputs.Count} differentiable inputs (return a tuple, or set Wrt)", returnLocation);
        }

        return SymbolEqualityComparer.Default.Equals(rule.ReturnType, inputs[0].Type)
            ? null
            : ($"the gradient of '{inputs[0].Name}' must be a '{TypeClassifier.Display(inputs[0].Type)}'", returnLocation);
    }
}
