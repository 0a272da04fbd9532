using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace AutoDiffGen.Analyzers.Shared;

/// <summary>Calls and property reads: each one a differentiable value flows into must have a derivative.</summary>
internal sealed partial class MethodAnalysis
{
    /// <summary>Diagnostic property: the documentation ID of the function that needs a rule (for the stub fix).</summary>
    public const string TargetFunctionProperty = "TargetFunction";

    /// <summary>Diagnostic property: <c>start:length</c> spans of the arguments that carry a gradient, ';'-separated (for the WithoutDerivative fix).</summary>
    public const string ActiveArgumentsProperty = "ActiveArguments";

    private void Call(IInvocationOperation invocation)
    {
        var method = invocation.TargetMethod;
        if (method.ReturnsByRef || method.ReturnsByRefReadonly)
        {
            Unsupported(invocation.Syntax.GetLocation(), $"The call '{Text(invocation.Syntax)}', which returns by reference", "call a method that returns the value itself");
            return;
        }

        if (IsMutatingCall(invocation))
        {
            InPlace(invocation.Syntax, invocation.Instance!);
            return;
        }

        if (invocation.Instance is { } instance)
        {
            Expression(instance);
        }

        Arguments(invocation.Arguments);

        var isRecursive = SymbolEqualityComparer.Default.Equals(method.OriginalDefinition, Method);
        var kind = CallResolver.Resolve(method, invocation.Instance is not null, Method.ContainingType, _compilation, _known);
        if (isRecursive && kind != CalleeKind.Rule)
        {
            Unsupported(invocation.Syntax.GetLocation(), $"The recursive call '{Text(invocation.Syntax)}'", $"write '{Method.Name}' without recursion, or give it a [DerivativeOf] rule");
            return;
        }

        if (!_activity!.IsActive(invocation))
        {
            return;
        }

        if (kind == CalleeKind.Rule && !CallResolver.RulesCover(method, ActiveInputs(invocation), Method.ContainingType, _compilation, _known))
        {
            kind = CalleeKind.Plain;
        }

        if (kind == CalleeKind.Plain && IsReplayable(invocation))
        {
            // The generator differentiates a tensor call with no usable rule by replaying it on the tape.
            return;
        }

        if (kind == CalleeKind.Plain)
        {
            NoDerivative(invocation, Qualified(method), ImmutableArray<string>.Empty, method.OriginalDefinition, $"'{method.Name}' has no derivative");
        }
        else if (kind == CalleeKind.Differentiable)
        {
            var callee = For(method, _compilation, _known, _inProgress, _cancellationToken);
            var blocker = callee is null
                ? new Blocker(ImmutableArray.Create(method.Name), null, $"'{method.Name}' calls itself through this method")
                : callee.Blocker;
            if (blocker is not null)
            {
                NoDerivative(invocation, Qualified(method), blocker.Chain, blocker.Target ?? method.OriginalDefinition, blocker.Reason);
            }
        }
    }

    private void PropertyRead(IPropertyReferenceOperation property)
    {
        if (property.Instance is { } instance)
        {
            Expression(instance);
        }

        if (!_activity!.IsActive(property) || IsReplayable(property) || property.Property.GetMethod is not { } getter)
        {
            return;
        }

        if (!CallResolver.HasBindingRule(property.Property.ContainingType, property.Property.Name, getter, property.Instance is not null, Method.ContainingType, _compilation, _known))
        {
            NoDerivative(property, Qualified(property.Property), ImmutableArray<string>.Empty, null, $"'{property.Property.Name}' has no derivative");
        }
    }

    /// <summary>Reports ADG1001 at <paramref name="call"/>; <paramref name="chain"/> is non-empty when the fault is further down.</summary>
    private void NoDerivative(IOperation call, string callee, ImmutableArray<string> chain, IMethodSymbol? target, string reason)
    {
        var via = chain.Length switch
        {
            0 => string.Empty,
            1 => $" ({reason})",
            _ => $" ({string.Join(" → ", chain)}: {reason})",
        };
        var targetName = target?.Name ?? callee;
        var active = call.ChildOperations
            .Select(c => c is IArgumentOperation a ? a.Value : c)
            .Where(c => _activity!.IsActive(c))
            .Select(c => $"{c.Syntax.SpanStart}:{c.Syntax.Span.Length}");
        var properties = ImmutableDictionary<string, string?>.Empty
            .Add(ActiveArgumentsProperty, string.Join(";", active));
        if (target is not null && target.DeclaringSyntaxReferences.Length > 0)
        {
            properties = properties.Add(TargetFunctionProperty, target.GetDocumentationCommentId());
        }

        // A System.Math function cannot be marked or given a rule beside it: the fix that works is a wrapper of one's own.
        var fix = target?.ContainingType.ToDisplayString() is "System.Math" or "System.MathF"
            ? $"the generator has no rule for it: call a static method of your own that computes {target.ContainingType.Name}.{targetName} and has a [DerivativeOf] rule (for example 'static double My{targetName}(double x) => {target.ContainingType.Name}.{targetName}(x);' with '[DerivativeOf(nameof(My{targetName}))] static double My{targetName}Backward(double grad, double x) => ...'), or wrap the differentiable arguments in WithoutDerivative(...)"
            : $"mark '{targetName}' [Differentiable], give it a [DerivativeOf(nameof({targetName}))] rule, or wrap the differentiable arguments in WithoutDerivative(...)";
        Report(DiagnosticDescriptors.ADG1001_NonDifferentiableCall, call.Syntax.GetLocation(), properties, callee, via, fix);
        _firstCallBlocker ??= new Blocker(chain.IsDefaultOrEmpty ? ImmutableArray.Create(target?.Name ?? callee) : chain, target, reason);
    }

    /// <summary>A Tensor result whose differentiable inputs are all Tensors: the tape can replay it (the generator's fallback).</summary>
    private bool IsReplayable(IOperation call) =>
        _known.IsTensor(call.Type)
        && call.ChildOperations.Select(c => c is IArgumentOperation a ? a.Value : c).All(c => !_activity!.IsActive(c) || _known.IsTensor(c.Type) || IsTensorArray(c));

    /// <summary>An array of tensors written in place (<c>new[] { a, b }</c>): the replay differentiates into its elements.</summary>
    private bool IsTensorArray(IOperation operation) =>
        operation is IArrayCreationOperation { Initializer: not null, Type: IArrayTypeSymbol { Rank: 1 } array } && _known.IsTensor(array.ElementType);

    /// <summary>The callee's parameter names (<c>this</c> for the receiver) that receive a differentiable value.</summary>
    private List<string> ActiveInputs(IInvocationOperation invocation)
    {
        var names = invocation.Arguments.Where(a => _activity!.IsActive(a.Value) && a.Parameter is not null).Select(a => a.Parameter!.Name).ToList();
        if (_activity!.IsActive(invocation.Instance))
        {
            names.Insert(0, "this");
        }

        return names;
    }

    private static string Qualified(ISymbol symbol) => symbol.ContainingType.Name + "." + symbol.Name;
}
