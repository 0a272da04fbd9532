using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace AutoDiffGen.Analyzers.Shared;

/// <summary>
/// Decides how a callee is differentiated, in the generator's order: a built-in <c>Math</c> rule,
/// <c>WithoutDerivative</c>, a <c>[DerivativeOf]</c> rule beside the callee (from source or metadata) that the caller
/// can call and that binds to the callee's parameters, another <c>[Differentiable]</c> method in source, or nothing.
/// </summary>
internal static class CallResolver
{
    public static CalleeKind Resolve(IMethodSymbol callee, bool isInstance, INamedTypeSymbol callerType, Compilation compilation, KnownSymbols known)
    {
        var containing = callee.ContainingType;
        if ((SymbolEqualityComparer.Default.Equals(containing, known.Math) || SymbolEqualityComparer.Default.Equals(containing, known.MathF))
            && AutoDiffGen.Generators.Differentiate.ScalarRules.IsBuiltin(callee.Name, callee.Parameters.Length))
        {
            return CalleeKind.Builtin;
        }

        if (Activity.IsWithoutDerivative(callee, known))
        {
            return CalleeKind.WithoutDerivative;
        }

        if (HasBindingRule(containing, callee.Name, callee, isInstance, callerType, compilation, known))
        {
            return CalleeKind.Rule;
        }

        var definition = callee.OriginalDefinition;
        return known.IsDifferentiable(definition) && definition.DeclaringSyntaxReferences.Any(r => compilation.ContainsSyntaxTree(r.SyntaxTree))
            ? CalleeKind.Differentiable
            : CalleeKind.Plain;
    }

    /// <summary>True when <paramref name="function"/> (a method, or a property's getter) has a usable <c>[DerivativeOf]</c> rule.</summary>
    public static bool HasBindingRule(
        INamedTypeSymbol type,
        string functionName,
        IMethodSymbol function,
        bool isInstance,
        INamedTypeSymbol callerType,
        Compilation compilation,
        KnownSymbols known) =>
        RuleMethods(type, functionName, known).Any(rule =>
            compilation.IsSymbolAccessibleWithin(rule, callerType) && !rule.ReturnsVoid && !rule.IsGenericMethod
            && Binds(rule, function, isInstance));

    /// <summary>
    /// True when, for every input in <paramref name="activeInputs"/>, some usable rule returns its gradient: a rule
    /// with <c>Wrt</c> covers that input, one without covers them all (the generator's rule choice).
    /// </summary>
    public static bool RulesCover(IMethodSymbol function, List<string> activeInputs, INamedTypeSymbol callerType, Compilation compilation, KnownSymbols known)
    {
        var rules = RuleMethods(function.ContainingType, function.Name, known)
            .Where(rule => compilation.IsSymbolAccessibleWithin(rule, callerType) && !rule.ReturnsVoid && !rule.IsGenericMethod && Binds(rule, function, !function.IsStatic))
            .Select(rule => known.DerivativeOfTarget(rule)?.Wrt)
            .ToList();
        if (rules.Any(wrt => wrt is null))
        {
            return true;
        }

        return activeInputs.All(input => input == "this" ? rules.Count > 0 : rules.Contains(input));
    }

    /// <summary>The static methods of <paramref name="type"/> marked <c>[DerivativeOf(functionName)]</c>.</summary>
    public static IEnumerable<IMethodSymbol> RuleMethods(INamedTypeSymbol type, string functionName, KnownSymbols known) =>
        type.GetMembers().OfType<IMethodSymbol>().Where(m => m.IsStatic && known.DerivativeOfTarget(m)?.FunctionName == functionName);

    /// <summary>Every rule parameter is <c>grad</c>, <c>result</c>, a parameter of the function by name, or (for an instance method) its receiver.</summary>
    private static bool Binds(IMethodSymbol rule, IMethodSymbol function, bool isInstance)
    {
        var hasGrad = false;
        var receiverBound = false;
        foreach (var parameter in rule.Parameters)
        {
            if (parameter.Name == "grad")
            {
                hasGrad = true;
            }
            else if (parameter.Name == "result" || function.Parameters.Any(p => RuleParameterNames.For(p.Name) == parameter.Name))
            {
                continue;
            }
            else if (isInstance && !receiverBound && SymbolEqualityComparer.Default.Equals(parameter.Type, function.ContainingType))
            {
                receiverBound = true;
            }
            else
            {
                return false;
            }
        }

        return hasGrad;
    }
}
