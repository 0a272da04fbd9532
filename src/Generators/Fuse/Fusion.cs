using System;
using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generators.Differentiate;
using AutoDiffGen.Generators.Lower;
using AutoDiffGen.Generators.Model;
using AutoDiffGen.Generators.Simplify;

namespace AutoDiffGen.Generators.Fuse;

/// <summary>
/// Decides whether a <c>[Differentiable]</c> method is purely elementwise and, if so, builds its fused kernels: the
/// scalar forward and the scalar reverse sweep (the same Lower, Differentiate and Simplify stages as every method),
/// each flattened into one straight-line program over blocks of elements.
/// </summary>
/// <remarks>
/// A scalar method (float/double result) fuses when its differentiable parameters are float/double (they become
/// tensors) and its other parameters are float/double too (<c>[NoDerivative]</c>: they stay scalars). A tensor method
/// fuses when its parameters are tensors (varying) or float/double hyper-parameters (uniform) and its body uses only
/// tensor arithmetic, scalar constants and ops whose <c>[Elementwise]</c> attribute gives a per-element form (an
/// operator struct, or a <c>System.Math</c> function). Anything else (reductions, shapes, integers, calls without a
/// per-element form) is not fused.
/// </remarks>
internal static class Fusion
{
    /// <summary>Locals of the generated kernels and node (scratch blocks are <c>t0</c>, <c>t1</c>, ...).</summary>
    private static readonly HashSet<string> Reserved = new(StringComparer.Ordinal)
    {
        "chunk", "kernel", "inputs", "node", "grad", "inputGrads", "gradients", "result", "T",
    };

    private static bool IsScratchName(string name) => name.Length > 1 && name[0] == 't' && name.Skip(1).All(char.IsDigit);

    /// <summary>The kernels of <paramref name="method"/>, or null when it is not purely elementwise; never throws.</summary>
    public static FusionPlan? Plan(MethodSpec method)
    {
        try
        {
            var isTensor = method.ReturnType.Kind == ValueKind.Tensor;
            // A tensor method whose FNode the user's type leaves no room for (ADG0002) gets no fused node either.
            if ((!isTensor && !method.ReturnType.IsScalar) || method.HasUserRule || (isTensor && method.TakenMembers.Contains("Node")))
            {
                return null;
            }

            var roles = new Dictionary<string, ParameterRole>(StringComparer.Ordinal);
            var inputs = new List<ParameterSpec>();
            foreach (var parameter in method.Parameters)
            {
                var varying = isTensor ? parameter.Type.Kind == ValueKind.Tensor : parameter.Type.IsScalar && parameter.IsDifferentiable;
                if (!varying && !parameter.Type.IsScalar)
                {
                    return null;
                }

                roles[parameter.Name] = varying ? ParameterRole.Input(inputs.Count) : ParameterRole.Uniform;
                if (varying)
                {
                    inputs.Add(parameter);
                }
            }

            // The kernel's own locals must not shadow a parameter.
            var names = new HashSet<string>(method.Parameters.Select(p => p.Name), StringComparer.Ordinal);
            if (!inputs.Any(p => p.IsDifferentiable) || names.Any(n => Reserved.Contains(n) || IsScratchName(n) || names.Contains("d" + n)))
            {
                return null;
            }

            var scalar = isTensor ? Scalarize(method) : method;
            if (scalar is null || Lowering.Lower(scalar) is not { } lowered || Differentiator.Differentiate(lowered) is not { } differentiated)
            {
                return null;
            }

            var forward = KernelProgram.Build(Simplifier.Run(lowered.Forward), roles, _ => (0, "result"));
            var backward = KernelProgram.Build(Simplifier.Simplify(differentiated).Backward, roles, output => (roles[output.Name].Index, "d" + output.Name));
            return forward is null || backward is null ? null : new FusionPlan(method, inputs, forward, backward);
        }
        catch (Exception)
        {
            return null;
        }
    }

    /// <summary>True for a tensor method whose <c>FNode</c> is the fused one (written in its Elementwise file).</summary>
    public static bool HasFusedNode(MethodSpec method) => method.ReturnType.Kind == ValueKind.Tensor && Plan(method) is not null;

    /// <summary>The tensor method read as a scalar function of one element: tensors become doubles, tensor functions math calls.</summary>
    private static MethodSpec? Scalarize(MethodSpec method)
    {
        var body = method.Body.Select(Rewrite).ToList();
        return body.Any(s => s is null)
            ? null
            : method with
            {
                ReturnType = TypeSpec.Double,
                Parameters = method.Parameters.Select(p => p.Type.Kind == ValueKind.Tensor ? p with { Type = TypeSpec.Double } : p).ToEquatableArray(),
                Body = body.Select(s => s!).ToEquatableArray(),
            };
    }

    private static StatementSpec? Rewrite(StatementSpec statement)
    {
        var value = statement.Value is null ? null : Rewrite(statement.Value);
        var then = statement.Then.Select(Rewrite).ToList();
        var otherwise = statement.Else.Select(Rewrite).ToList();
        if ((statement.Value is not null && value is null) || then.Any(s => s is null) || otherwise.Any(s => s is null))
        {
            return null;
        }

        return statement with
        {
            Value = value,
            Then = then.Select(s => s!).ToEquatableArray(),
            Else = otherwise.Select(s => s!).ToEquatableArray(),
        };
    }

    private static ExpressionSpec? Rewrite(ExpressionSpec expression)
    {
        var args = expression.Args.Select(Rewrite).ToList();
        if (args.Any(a => a is null))
        {
            return null;
        }

        var rewritten = args.Select(a => a!).ToList();
        var type = expression.Type.Kind == ValueKind.Tensor ? TypeSpec.Double : expression.Type;
        switch (expression.Kind)
        {
            case ExpressionKind.ArrayCreation:
            case ExpressionKind.ObjectCreation:
                return null;

            case ExpressionKind.Call when expression.Call is { Kind: CallKind.WithoutDerivative }:
                return expression with { Type = type, Args = rewritten.ToEquatableArray() };

            case ExpressionKind.Call:
                return expression.Call is { } call && ScalarForm(call, rewritten) is { } scalar ? scalar : null;

            default:
                return expression with { Type = type, Args = rewritten.ToEquatableArray() };
        }
    }

    /// <summary>
    /// The per-element form of a tensor op call, as the op declares it with <c>[Elementwise]</c>: its operator struct
    /// (<c>Tensor.Sigmoid(x)</c> is <c>SigmoidOperator</c> at x, differentiated by its own derivative) or a
    /// <c>System.Math</c> function (<c>Tensor.Tanh(x)</c> is <c>Math.Tanh(x)</c>, differentiated by the built-in rules).
    /// </summary>
    private static ExpressionSpec? ScalarForm(CallSpec call, List<ExpressionSpec> args)
    {
        if (call.Elementwise is not { } facts || call.IsProperty)
        {
            return null;
        }

        if (facts.Operator.Length > 0 && args.Count == 1)
        {
            var op = new CallSpec(CallKind.Operator, call.Name, facts.Operator, false, false, EquatableArray.Of("x"), EquatableArray<RuleSpec>.Empty, IsPure: true);
            return new ExpressionSpec(ExpressionKind.Call, TypeSpec.Double, string.Empty, args.ToEquatableArray(), op);
        }

        return facts.MathFunction.Length > 0 && ScalarRules.IsBuiltin(facts.MathFunction, args.Count) ? Math(facts.MathFunction, args.ToArray()) : null;
    }

    private static ExpressionSpec Math(string name, params ExpressionSpec[] args) => new(
        ExpressionKind.Call,
        TypeSpec.Double,
        string.Empty,
        args.ToEquatableArray(),
        new CallSpec(CallKind.Builtin, name, "global::System.Math." + name, false, false, args.Length == 1 ? EquatableArray.Of("x") : EquatableArray.Of("x", "y"), EquatableArray<RuleSpec>.Empty, IsPure: true));
}
