using System;
using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generators.Lower;
using AutoDiffGen.Generators.Model;

namespace AutoDiffGen.Generators.Differentiate;

/// <summary>
/// Differentiate stage: builds the pullback and (for scalar methods) the gradient function from the forward IR.
/// Both are "forward, then reverse sweep": activity analysis marks the values that depend on a differentiable
/// parameter, then instructions are visited last to first, each applying its rule to the gradient of its result
/// and contributing to the gradients of its active inputs. Inactive inputs ([NoDerivative], ints, constants,
/// WithoutDerivative) never receive a contribution, so their gradients are never computed.
/// </summary>
internal static class Differentiator
{
    /// <summary>The pipeline's entry: null when some active operation has no derivative; never throws.</summary>
    public static DifferentiatedMethod? Differentiate(LoweredMethod lowered)
    {
        try
        {
            var method = lowered.Method;
            if (!method.Parameters.Any(p => p.IsDifferentiable))
            {
                return null;
            }

            var backward = Build(lowered, isGradient: false);
            var gradient = method.ReturnType.IsScalar ? Build(lowered, isGradient: true) : null;
            return new DifferentiatedMethod(method, backward, gradient);
        }
        catch (Exception e)
        {
            UnexpectedFailure.Record("Differentiate", e);
            return null;
        }
    }

    private static IrFunction Build(LoweredMethod lowered, bool isGradient)
    {
        var method = lowered.Method;
        var forward = lowered.Forward;
        var b = new IrBuilder(forward.NextId);
        var result = forward.Outputs[0].Value;

        var seed = -1;
        if (!isGradient)
        {
            seed = b.Add(OpCode.Parameter, method.ReturnType, EquatableArray<int>.Empty, "grad", name: "grad");
        }

        // Loops save their carried values per iteration on the way forward, for the reverse sweep to restore.
        var body = LoopCheckpoints.Instrument(forward.Body, b);
        foreach (var instr in body.Instrs)
        {
            b.Append(instr);
            RememberDeep(b, instr);
        }

        var sweep = new ReverseSweep(b, Activity.Analyze(body, method), ShapeClasses.Analyze(body));
        var last = forward.Body.Instrs.Last(i => i.Op != OpCode.Phi);
        b.Source = "gradient of: " + last.Source;
        b.Location = last.Location;
        if (isGradient)
        {
            seed = b.Constant(1, method.ReturnType);
        }

        sweep.Contribute(result, seed);
        sweep.ReverseBlock(body.Instrs);

        var outputs = new List<IrOutput>();
        if (isGradient)
        {
            outputs.Add(new IrOutput("Value", result));
        }

        foreach (var parameter in method.Parameters.Where(p => p.IsDifferentiable))
        {
            var id = forward.Body.Instrs.First(i => i.Op == OpCode.Parameter && i.Text == parameter.Name).Id;
            b.Source = "gradient of: " + parameter.Name;
            b.Location = null;
            var gradient = sweep.Materialize(id) ?? sweep.Zero(id);
            outputs.Add(new IrOutput(isGradient ? "d" + parameter.Name : parameter.Name, gradient));
        }

        return new IrFunction(b.Pop(), outputs.ToEquatableArray(), b.NextId);
    }

    internal static void RememberDeep(IrBuilder b, Instr instr)
    {
        b.Remember(instr);
        foreach (var inner in (instr.Then?.Instrs ?? EquatableArray<Instr>.Empty).Concat(instr.Else?.Instrs ?? EquatableArray<Instr>.Empty))
        {
            RememberDeep(b, inner);
        }
    }
}
