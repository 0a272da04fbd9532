using System;
using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generators.Differentiate;
using AutoDiffGen.Generators.Lower;
using AutoDiffGen.Generators.Model;
using AutoDiffGen.Generators.Simplify;

namespace AutoDiffGen.Generators.SecondOrder;

/// <summary>
/// Second-order differentiate (and simplify): the reverse sweep of the first-order stage, applied to the lowered
/// pullback. The pullback returns several values (one gradient per input), so the sweep is seeded once per output;
/// the variants differ only in their seeds and in whether <c>gradOutput</c> stays a parameter or becomes 1.
/// </summary>
internal static class SecondOrderDifferentiator
{
    private enum Seeds
    {
        /// <summary>One parameter per output, <c>grad</c> + the input's name, listed first (the rule convention).</summary>
        Parameters,

        /// <summary>One direction parameter per output, <c>v</c> + the input's name, listed last; <c>gradOutput</c> is 1.</summary>
        Direction,

        /// <summary>The constant 1; <c>gradOutput</c> is 1 (the second derivative of a one-input function).</summary>
        One,
    }

    /// <summary>The pipeline's entry: null when the pullback cannot be lowered or differentiated; never throws.</summary>
    public static SecondOrderMethod? Differentiate(SecondOrderSpec spec)
    {
        try
        {
            if (Lowering.Lower(spec.Backward) is not { } lowered)
            {
                return null;
            }

            var function = spec.Function;
            var isScalar = function.ReturnType.IsScalar;
            var inputs = function.Parameters.Count(p => p.IsDifferentiable);
            var backwardBackward = Simplifier.Run(Build(lowered, function, Seeds.Parameters));

            // NOTE: a rule called by a tensor pullback has no rule of its own yet, so the sweep would replay it on the
            // tape; a rule input read only for its shape (MatMulBackwardB's b) then gets no gradient and the replay
            // throws. Until rules have rules, such methods get no second order rather than code that can throw.
            if (HasReplay(backwardBackward.Body))
            {
                return null;
            }

            var hvp = isScalar ? Simplifier.Run(Build(lowered, function, Seeds.Direction)) : null;
            var second = isScalar && inputs == 1 ? Simplifier.Run(Build(lowered, function, Seeds.One)) : null;
            return new SecondOrderMethod(spec, backwardBackward, hvp, second);
        }
        catch (Exception)
        {
            return null;
        }
    }

    private static IrFunction Build(LoweredMethod lowered, MethodSpec function, Seeds seeds)
    {
        var backward = lowered.Method;
        var forward = lowered.Forward;
        var inputs = function.Parameters.Where(p => p.IsDifferentiable).ToList();
        var results = Results(forward);
        if (results.Count != inputs.Count)
        {
            throw new NotSupportedException("the pullback returns " + results.Count + " values for " + inputs.Count + " inputs");
        }

        var b = new IrBuilder(forward.NextId);
        var seedIds = new List<int>();
        if (seeds == Seeds.Parameters)
        {
            for (var i = 0; i < inputs.Count; i++)
            {
                var name = "grad" + Pascal(inputs[i].Name);
                seedIds.Add(b.Add(OpCode.Parameter, inputs[i].Type, EquatableArray<int>.Empty, name, name: name));
            }
        }

        // Along a direction (or for f''), the pullback's own upstream gradient is 1: d/dx <v, 1 · ∇f(x)> = H·v.
        var keepsGradOutput = seeds == Seeds.Parameters;
        var body = forward.Body.Instrs
            .Select(i => !keepsGradOutput && i.Op == OpCode.Parameter && i.Text == SecondOrderParser.GradOutput
                ? new Instr(i.Id, OpCode.Constant, i.Type, EquatableArray<int>.Empty, Literals.Format(1, i.Type.Kind))
                : i)
            .ToList();
        foreach (var instr in body)
        {
            b.Append(instr);
            Differentiator.RememberDeep(b, instr);
        }

        if (seeds == Seeds.Direction)
        {
            for (var i = 0; i < inputs.Count; i++)
            {
                var name = "v" + Pascal(inputs[i].Name);
                seedIds.Add(b.Add(OpCode.Parameter, inputs[i].Type, EquatableArray<int>.Empty, name, name: name));
            }
        }
        else if (seeds == Seeds.One)
        {
            seedIds.Add(b.Constant(1, inputs[0].Type));
        }

        var block = new Block(body.ToEquatableArray());
        var sweep = new ReverseSweep(b, Activity.Analyze(block, backward), ShapeClasses.Analyze(block));
        b.Source = "gradient of: " + body.Last(i => i.Op != OpCode.Phi).Source;
        for (var i = 0; i < results.Count; i++)
        {
            sweep.Contribute(results[i], seedIds[i]);
        }

        sweep.ReverseBlock(body);

        var outputs = new List<IrOutput>();
        foreach (var parameter in backward.Parameters.Where(p => p.IsDifferentiable))
        {
            if (body.FirstOrDefault(i => i.Op == OpCode.Parameter && i.Text == parameter.Name) is not { } instr)
            {
                continue;
            }

            b.Source = "gradient of: " + parameter.Name;
            outputs.Add(new IrOutput(parameter.Name, sweep.Materialize(instr.Id) ?? sweep.Zero(instr.Id)));
        }

        return new IrFunction(b.Pop(), outputs.ToEquatableArray(), b.NextId);
    }

    private static bool HasReplay(Block block) => block.Instrs.Any(i =>
        i.Op == OpCode.Replay || (i.Then is { } then && HasReplay(then)) || (i.Else is { } otherwise && HasReplay(otherwise)));

    /// <summary>The pullback's returned gradients: the elements of its returned tuple, or its one value.</summary>
    private static List<int> Results(IrFunction forward)
    {
        var result = forward.Outputs[0].Value;
        var instr = forward.Body.Instrs.FirstOrDefault(i => i.Id == result);
        return instr is { Op: OpCode.ObjectCreation } && instr.Type.Display.StartsWith("(", StringComparison.Ordinal)
            ? instr.Args.ToList()
            : new List<int> { result };
    }

    internal static string Pascal(string name) => name.Length == 0 ? name : char.ToUpperInvariant(name[0]) + name.Substring(1);
}
