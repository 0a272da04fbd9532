using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using AutoDiffGen.Generators.Differentiate;
using AutoDiffGen.Generators.Lower;
using AutoDiffGen.Generators.Model;

namespace AutoDiffGen.Generators.Simplify;

/// <summary>
/// A reduction target written as <c>Shape.Broadcast(a.Shape, b.Shape)</c> (so an op's result need not be kept only
/// for its shape) becomes <c>result.Shape</c> again when that result is computed anyway.
/// </summary>
internal static class LiveShapes
{
    private const string Marker = "Broadcast:";

    public static IrFunction Run(IrFunction function)
    {
        var topLevel = new HashSet<int>(function.Body.Instrs.Select(i => i.Id));
        return function with { Body = Rewrite(function.Body, topLevel) };
    }

    private static Block Rewrite(Block block, HashSet<int> topLevel) => new(block.Instrs.Select(instr =>
    {
        if (instr.Op == OpCode.If)
        {
            return instr with { Then = Rewrite(instr.Then!, topLevel), Else = Rewrite(instr.Else!, topLevel) };
        }

        if (instr.Op is OpCode.Loop or OpCode.ReverseLoop)
        {
            return instr with { Then = Rewrite(instr.Then!, topLevel) };
        }

        if (instr.Op == OpCode.Call && instr.Text.StartsWith(Marker, System.StringComparison.Ordinal)
            && int.TryParse(instr.Text.Substring(Marker.Length), NumberStyles.Integer, CultureInfo.InvariantCulture, out var tensor)
            && topLevel.Contains(tensor))
        {
            return instr with { Args = EquatableArray.Of(tensor), Text = "Shape", Call = TensorCalls.Property("Shape") };
        }

        return instr;
    }).ToEquatableArray());
}
