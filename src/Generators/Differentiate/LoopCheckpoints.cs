using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generators.Lower;
using AutoDiffGen.Generators.Model;

namespace AutoDiffGen.Generators.Differentiate;

/// <summary>
/// Prepares the forward sweep of every loop for its reversal: before the loop, one <see cref="OpCode.Checkpoints"/>
/// array per loop-carried value, sized to the trip count; at each iteration's entry, a <see cref="OpCode.Save"/> of the
/// carried values. That is all the reverse sweep keeps of an iteration (a checkpoint per iteration): it restores
/// them and recomputes the rest of the body. Checkpoints the reverse sweep never reads are dead code and go.
/// </summary>
internal static class LoopCheckpoints
{
    public static Block Instrument(Block block, IrBuilder b)
    {
        var result = new List<Instr>();
        foreach (var instr in block.Instrs)
        {
            if (instr.Op == OpCode.If)
            {
                result.Add(instr with { Then = Instrument(instr.Then!, b), Else = Instrument(instr.Else!, b) });
                continue;
            }

            if (instr.Op != OpCode.Loop)
            {
                result.Add(instr);
                continue;
            }

            var body = Instrument(instr.Then!, b).Instrs.ToList();
            var counter = body.First(i => i.Op == OpCode.LoopIndex && i.Args[0] == instr.Id);
            var carried = body.Where(i => i.Op == OpCode.Carried && i.Args[0] == instr.Id).ToList();
            var saves = new List<Instr>();
            foreach (var value in carried)
            {
                var array = new Instr(
                    b.FreshId(),
                    OpCode.Checkpoints,
                    new TypeSpec(ValueKind.Other, value.Type.Display + "[]"),
                    EquatableArray.Of(instr.Args[0], instr.Args[1], instr.Args[2]),
                    Text: instr.Text,
                    Name: value.Name + "Checkpoints",
                    Source: instr.Source);
                result.Add(array);
                saves.Add(new Instr(b.FreshId(), OpCode.Save, TypeSpec.Bool, EquatableArray.Of(array.Id, counter.Id, value.Id), Source: instr.Source));
            }

            // The saves go right after the counter and carried reads that open the body.
            var prologue = body.TakeWhile(i => i.Op is OpCode.LoopIndex or OpCode.Carried).Count();
            body.InsertRange(prologue, saves);
            result.Add(instr with { Then = new Block(body.ToEquatableArray()) });
        }

        return new Block(result.ToEquatableArray());
    }

    /// <summary>
    /// True when a checkpoint array of <paramref name="arrayType"/> is rented from <c>ArrayPool&lt;T&gt;.Shared</c> and
    /// returned after the reverse loop: scalar checkpoints then cost no allocation in a steady loop (<c>FGradient</c>
    /// stays allocation-free). Tensor checkpoints get a plain array: the tensors dominate, and a pooled array would keep
    /// them reachable.
    /// </summary>
    public static bool IsPooled(TypeSpec arrayType) => arrayType.Display is "double[]" or "float[]" or "int[]" or "long[]" or "bool[]";
}
