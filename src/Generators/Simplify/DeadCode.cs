using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using AutoDiffGen.Generators.Lower;
using AutoDiffGen.Generators.Model;

namespace AutoDiffGen.Generators.Simplify;

/// <summary>Removes instructions whose values nobody reads, walking each block backwards from the outputs.</summary>
internal sealed class DeadCode
{
    private readonly HashSet<int> _live = new();

    public static IrFunction Remove(IrFunction function)
    {
        var dce = new DeadCode();
        foreach (var output in function.Outputs)
        {
            dce._live.Add(output.Value);
        }

        return function with { Body = dce.Sweep(function.Body) };
    }

    private Block Sweep(Block block)
    {
        var kept = new List<Instr>();
        for (var i = block.Instrs.Count - 1; i >= 0; i--)
        {
            var instr = block.Instrs[i];
            switch (instr.Op)
            {
                case OpCode.Parameter:
                    kept.Add(instr);
                    continue;

                case OpCode.If:
                    if (SweepIf(instr, kept) is { } region)
                    {
                        kept.Add(region);
                        _live.UnionWith(region.Args);
                    }

                    continue;

                case OpCode.VarAdd:
                    if (!_live.Contains(instr.Args[0]))
                    {
                        continue;
                    }

                    break;

                default:
                    if (!_live.Contains(instr.Id))
                    {
                        continue;
                    }

                    break;
            }

            kept.Add(instr);
            _live.UnionWith(instr.Args);
        }

        kept.Reverse();
        return new Block(kept.ToEquatableArray());
    }

    /// <summary>Keeps a region when one of its results is read or it accumulates into a live gradient; drops unread results.</summary>
    private Instr? SweepIf(Instr region, List<Instr> keptAfter)
    {
        // The region's results were visited first (they follow it); the live ones are in keptAfter.
        var phis = keptAfter.Where(p => p.Op == OpCode.Phi && p.Args[0] == region.Id)
            .OrderBy(p => int.Parse(p.Text, CultureInfo.InvariantCulture))
            .ToList();
        var thenYields = new List<int>();
        var elseYields = new List<int>();
        for (var k = 0; k < phis.Count; k++)
        {
            var index = int.Parse(phis[k].Text, CultureInfo.InvariantCulture);
            thenYields.Add(region.ThenYields[index]);
            elseYields.Add(region.ElseYields[index]);
            keptAfter[keptAfter.IndexOf(phis[k])] = phis[k] with { Text = k.ToString(CultureInfo.InvariantCulture) };
        }

        _live.UnionWith(thenYields);
        _live.UnionWith(elseYields);
        var then = Sweep(region.Then!);
        var @else = Sweep(region.Else!);
        if (phis.Count == 0 && then.Instrs.Count == 0 && @else.Instrs.Count == 0)
        {
            return null;
        }

        return region with
        {
            Then = then,
            Else = @else,
            ThenYields = thenYields.ToEquatableArray(),
            ElseYields = elseYields.ToEquatableArray(),
        };
    }
}
