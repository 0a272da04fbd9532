using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace AutoDiffGen.Analyzers.Shared;

/// <summary>
/// Activity analysis: which locals and parameters carry a value that depends on a differentiable input. A value is
/// active when it has a differentiable type and any of its operands is active; <c>WithoutDerivative</c> and constants
/// cut the dependence, and so does passing through a non-differentiable type (an <c>int</c>, a <c>Shape</c>).
/// </summary>
internal sealed class Activity
{
    private readonly KnownSymbols _known;
    private readonly HashSet<ISymbol> _active;

    private Activity(KnownSymbols known, HashSet<ISymbol> active)
    {
        _known = known;
        _active = active;
    }

    /// <summary>Propagates activity from <paramref name="seeds"/> through every write in <paramref name="body"/> until nothing changes.</summary>
    public static Activity Compute(IOperation body, IEnumerable<ISymbol> seeds, KnownSymbols known)
    {
        var activity = new Activity(known, new HashSet<ISymbol>(seeds, SymbolEqualityComparer.Default));
        var writes = Writes(body).ToList();

        // NOTE: flow-insensitive on purpose: a local written in one branch is active everywhere, which only errs towards
        // reporting, and iterating to a fixed point covers loops (a value active in any iteration is active).
        bool changed;
        do
        {
            changed = false;
            foreach (var (target, value) in writes)
            {
                if (!activity._active.Contains(target) && activity.IsActive(value))
                {
                    activity._active.Add(target);
                    changed = true;
                }
            }
        }
        while (changed);

        return activity;
    }

    public bool IsActive(ISymbol symbol) => _active.Contains(symbol);

    /// <summary>True when <paramref name="operation"/> has a differentiable type and depends on an active input.</summary>
    public bool IsActive(IOperation? operation)
    {
        switch (operation)
        {
            case null:
                return false;
            case IArgumentOperation argument:
                return IsActive(argument.Value);
            case IArrayInitializerOperation initializer:
                return initializer.ElementValues.Any(IsActive);
        }

        // An array of differentiable values (Tensor.Cat(new[] { a, b })) carries their dependence to the call it is passed to.
        var type = operation.Type is IArrayTypeSymbol array ? array.ElementType : operation.Type;
        if (TypeClassifier.Family(type, _known) == ValueFamily.None || operation.ConstantValue.HasValue)
        {
            return false;
        }

        switch (operation)
        {
            case IParameterReferenceOperation parameter:
                return _active.Contains(parameter.Parameter);
            case ILocalReferenceOperation local:
                return _active.Contains(local.Local);
            case IInvocationOperation invocation when IsWithoutDerivative(invocation.TargetMethod, _known) || _known.IsNoDerivative(invocation.TargetMethod):
                return false;
            case IAnonymousFunctionOperation:
                return false;
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals or BinaryOperatorKind.LessThan
                or BinaryOperatorKind.LessThanOrEqual or BinaryOperatorKind.GreaterThan or BinaryOperatorKind.GreaterThanOrEqual }:
                // A comparison is a condition or a boolean mask (x > 0.0 on a tensor): piecewise constant, no gradient.
                return false;
        }

        foreach (var child in operation.ChildOperations)
        {
            if (IsActive(child))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The first active local or parameter <paramref name="operation"/> reads, for messages.</summary>
    public string? FirstActiveName(IOperation operation)
    {
        foreach (var node in operation.DescendantsAndSelf())
        {
            switch (node)
            {
                case IParameterReferenceOperation p when _active.Contains(p.Parameter):
                    return p.Parameter.Name;
                case ILocalReferenceOperation l when _active.Contains(l.Local):
                    return l.Local.Name;
            }
        }

        return null;
    }

    public static bool IsWithoutDerivative(IMethodSymbol method, KnownSymbols known) =>
        method.Name == "WithoutDerivative" && SymbolEqualityComparer.Default.Equals(method.ContainingType, known.Differentiation);

    /// <summary>Every (local or parameter, value written to it) pair in <paramref name="body"/>.</summary>
    public static IEnumerable<(ISymbol Target, IOperation Value)> Writes(IOperation body)
    {
        foreach (var operation in body.Descendants())
        {
            switch (operation)
            {
                case IVariableDeclaratorOperation { Initializer: { } initializer } declarator:
                    yield return (declarator.Symbol, initializer.Value);
                    break;
                case IAssignmentOperation assignment when Target(assignment.Target) is { } target:
                    yield return (target, assignment.Value);
                    break;
            }
        }
    }

    private static ISymbol? Target(IOperation target) => target switch
    {
        ILocalReferenceOperation local => local.Local,
        IParameterReferenceOperation parameter => parameter.Parameter,
        _ => null,
    };
}
