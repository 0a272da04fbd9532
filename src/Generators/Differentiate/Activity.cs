using System;
using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generators.Lower;
using AutoDiffGen.Generators.Model;

namespace AutoDiffGen.Generators.Differentiate;

/// <summary>
/// Activity analysis: which values depend on a differentiable parameter (in any iteration of a loop). Also where unsupported input is
/// found: an active value produced by an operation with no derivative throws <see cref="NotSupportedException"/>.
/// </summary>
internal static class Activity
{
    public static HashSet<int> Analyze(Block body, MethodSpec method)
    {
        var active = new HashSet<int>();
        var ifs = new Dictionary<int, Instr>();
        var byId = new Dictionary<int, Instr>();
        Visit(body, method, active, ifs, byId);
        return active;
    }

    private static void Visit(Block block, MethodSpec method, HashSet<int> active, Dictionary<int, Instr> ifs, Dictionary<int, Instr> byId)
    {
        foreach (var instr in block.Instrs)
        {
            byId[instr.Id] = instr;
            switch (instr.Op)
            {
                case OpCode.If:
                    ifs[instr.Id] = instr;
                    Visit(instr.Then!, method, active, ifs, byId);
                    Visit(instr.Else!, method, active, ifs, byId);
                    continue;

                case OpCode.Loop:
                {
                    // A value is active when it is active in any iteration: a carried value turned active by its own
                    // update (h = h * w with w active) makes the next iteration's reads active too, so visit to a fixed point.
                    ifs[instr.Id] = instr;
                    int before;
                    do
                    {
                        before = active.Count;
                        Visit(instr.Then!, method, active, ifs, byId);
                    }
                    while (active.Count != before);
                    continue;
                }

                case OpCode.Carried:
                {
                    var owner = ifs[instr.Args[0]];
                    var index = int.Parse(instr.Text, System.Globalization.CultureInfo.InvariantCulture);
                    if (active.Contains(owner.Args[3 + index]) || active.Contains(owner.ThenYields[index]))
                    {
                        RequireDifferentiable(instr);
                        active.Add(instr.Id);
                    }

                    continue;
                }

                case OpCode.ArrayElement:
                    // Arrays get no gradient, so an element is constant, unless the array was built here from active values.
                    if (instr.Type.IsDifferentiable && byId.TryGetValue(instr.Args[0], out var array) && array.Op != OpCode.Parameter && array.Args.Any(active.Contains))
                    {
                        throw new NotSupportedException("an element of an array built from differentiable values");
                    }

                    continue;

                case OpCode.Parameter:
                    if (method.Parameters.Any(p => p.Name == instr.Text && p.IsDifferentiable))
                    {
                        active.Add(instr.Id);
                    }

                    continue;

                case OpCode.Phi:
                {
                    var owner = ifs[instr.Args[0]];
                    var index = int.Parse(instr.Text, System.Globalization.CultureInfo.InvariantCulture);
                    var other = owner.Op == OpCode.Loop ? owner.Args[3 + index] : owner.ElseYields[index];
                    if (active.Contains(owner.ThenYields[index]) || active.Contains(other))
                    {
                        RequireDifferentiable(instr);
                        active.Add(instr.Id);
                    }

                    continue;
                }

                case OpCode.Constant:
                case OpCode.StaticMember:
                    continue;

                case OpCode.Binary when IsComparison(instr.Text):
                    // A comparison is a condition or a boolean mask (x > 0.0 on a tensor): piecewise constant, no gradient.
                    continue;

                case OpCode.ArrayCreation:
                    // An array of differentiable values (Tensor.Cat(new[] { a, b })) carries their gradients: the call
                    // it is passed to differentiates into its elements (ReverseSweep.Replay), or is refused.
                    if (instr.Args.Any(active.Contains))
                    {
                        active.Add(instr.Id);
                    }

                    continue;

                case OpCode.ObjectCreation:
                    // NOTE: an object built from differentiable values would drop their gradients silently. A value tuple
                    // is the returned gradients of a pullback differentiated at order 2, whose elements each seed the sweep.
                    if (!instr.Type.Display.StartsWith("(", StringComparison.Ordinal) && instr.Args.Any(active.Contains))
                    {
                        throw new NotSupportedException("an object created from differentiable values");
                    }

                    continue;

                case OpCode.Call when instr.Call!.Kind is CallKind.WithoutDerivative or CallKind.NoDerivative:
                    continue;
            }

            if (!instr.Type.IsDifferentiable || !instr.Args.Any(active.Contains))
            {
                continue;
            }

            CheckSupported(instr, active, byId);
            active.Add(instr.Id);
        }
    }

    private static void CheckSupported(Instr instr, HashSet<int> active, Dictionary<int, Instr> byId)
    {
        var supported = instr.Op switch
        {
            OpCode.Binary => instr.Text is "+" or "-" or "*" or "/"
                // A tensor operator differentiates only into tensor operands; a scalar operand of one must be constant.
                && (instr.Type.Kind != ValueKind.Tensor || instr.Args.All(a => !active.Contains(a) || byId[a].Type.Kind == ValueKind.Tensor)),
            OpCode.Unary => instr.Text == "-",
            OpCode.Convert => instr.Type.IsScalar,
            OpCode.Select => true,
            OpCode.Call => instr.Call!.Kind switch
            {
                CallKind.Builtin or CallKind.Operator => true,
                CallKind.Rule when RuleChoice.Choose(instr, active.Contains) is not null => true,

                // No usable rule: a tensor-to-tensor call can still be differentiated by replaying it on the tape,
                // also through arrays of tensors built in the method (Tensor.Cat(new[] { a, b })).
                _ => instr.Type.Kind == ValueKind.Tensor && instr.Args.All(a => !active.Contains(a) || byId[a].Type.Kind == ValueKind.Tensor || IsTensorArray(byId[a], byId)),
            },
            _ => false,
        };
        if (!supported)
        {
            throw new NotSupportedException(instr.Op + " " + instr.Text);
        }
    }

    internal static bool IsComparison(string op) => op is "<" or ">" or "<=" or ">=" or "==" or "!=";

    /// <summary>An array built in the method whose elements are all tensors: the tape replay differentiates into them.</summary>
    internal static bool IsTensorArray(Instr instr, Dictionary<int, Instr> byId) =>
        instr.Op == OpCode.ArrayCreation && instr.Text == TypeSpec.TensorDisplay && instr.Args.All(a => byId[a].Type.Kind == ValueKind.Tensor);

    /// <summary>A merged value (a branch's or loop's) of a type gradients cannot flow through would drop them silently.</summary>
    private static void RequireDifferentiable(Instr instr)
    {
        if (!instr.Type.IsDifferentiable)
        {
            throw new NotSupportedException("an array of differentiable values merged by a branch or a loop");
        }
    }

}
