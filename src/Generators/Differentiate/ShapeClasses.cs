using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generators.Lower;
using AutoDiffGen.Generators.Model;

namespace AutoDiffGen.Generators.Differentiate;

/// <summary>
/// Which tensor values certainly share a shape, so a binary op between them needs no <c>ReduceGrad</c>: a scalar
/// operand keeps the tensor's shape, so do unary minus and ops declared <c>[Elementwise]</c>, and so does a binary
/// op between two values of one class. Anything else starts a class of its own.
/// </summary>
internal static class ShapeClasses
{
    public static Dictionary<int, int> Analyze(Block body)
    {
        var classes = new Dictionary<int, int>();
        var ifs = new Dictionary<int, Instr>();
        Visit(body, classes, ifs);
        return classes;
    }

    private static void Visit(Block block, Dictionary<int, int> classes, Dictionary<int, Instr> ifs)
    {
        foreach (var instr in block.Instrs)
        {
            if (instr.Op == OpCode.If)
            {
                ifs[instr.Id] = instr;
                Visit(instr.Then!, classes, ifs);
                Visit(instr.Else!, classes, ifs);
                continue;
            }

            // A loop-carried tensor may change shape from one iteration to the next: its values get classes of their own.
            if (instr.Op == OpCode.Loop)
            {
                Visit(instr.Then!, classes, ifs);
                continue;
            }

            if (instr.Type.Kind != ValueKind.Tensor)
            {
                continue;
            }

            var tensorArgs = instr.Args.Where(classes.ContainsKey).ToList();
            int? shared = instr.Op switch
            {
                OpCode.Binary or OpCode.Unary when tensorArgs.Count > 0 && tensorArgs.All(a => classes[a] == classes[tensorArgs[0]])
                    => classes[tensorArgs[0]],
                // An op declaring itself [Elementwise] (the runtime's or a user's) keeps its one tensor input's shape.
                OpCode.Call when instr.Call is { Elementwise: not null } && tensorArgs.Count == 1
                    => classes[tensorArgs[0]],
                OpCode.Phi when ifs.TryGetValue(instr.Args[0], out var region) => PhiClass(instr, region, classes),
                _ => null,
            };
            classes[instr.Id] = shared ?? instr.Id;
        }
    }

    private static int? PhiClass(Instr phi, Instr region, Dictionary<int, int> classes)
    {
        var index = int.Parse(phi.Text, System.Globalization.CultureInfo.InvariantCulture);
        return classes.TryGetValue(region.ThenYields[index], out var a) && classes.TryGetValue(region.ElseYields[index], out var b) && a == b
            ? a
            : null;
    }
}
