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

        // A pooled checkpoint array is given back after the reverse loop, but the sweep meets the release before the
        // loop's reads: drop the releases of arrays found dead only once everything has been swept.
        var body = dce.Sweep(function.Body);
        return function with { Body = dce.DropDeadReleases(body) };
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
                case OpCode.VarSet:
                case OpCode.Save:
                    if (!_live.Contains(instr.Args[0]))
                    {
                        continue;
                    }

                    break;

                case OpCode.Release:
                    kept.Add(instr);
                    continue;

                case OpCode.Loop:
                case OpCode.ReverseLoop:
                    if (SweepLoop(instr, kept) is { } loop)
                    {
                        kept.Add(loop);
                        _live.UnionWith(loop.Args);
                    }

                    continue;

                case OpCode.LoopIndex:
                case OpCode.Carried:
                    // The body's prologue stays: the emitter names the counter and the carried locals from it.
                    kept.Add(instr);
                    continue;

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

    /// <summary>
    /// Keeps a loop when one of its results is read or its body has an effect (a checkpoint someone restores, an
    /// accumulated gradient someone reads). What one iteration computes can be read by the next one, so the body is
    /// swept until no more values turn live. All carried values stay (their yields and initial values live).
    /// </summary>
    private Instr? SweepLoop(Instr loop, List<Instr> keptAfter)
    {
        var before = new HashSet<int>(_live);
        var phiLive = keptAfter.Any(p => p.Op == OpCode.Phi && p.Args[0] == loop.Id);
        _live.UnionWith(loop.ThenYields);
        Block body;
        int count;
        do
        {
            count = _live.Count;
            body = Sweep(loop.Then!);
        }
        while (_live.Count != count);

        if (!phiLive && !HasEffect(body))
        {
            _live.Clear();
            _live.UnionWith(before);
            return null;
        }

        return loop with { Then = body };
    }

    private static bool HasEffect(Block block) => block.Instrs.Any(i => i.Op switch
    {
        OpCode.VarAdd or OpCode.VarSet or OpCode.Save or OpCode.Release => true,
        OpCode.If => HasEffect(i.Then!) || HasEffect(i.Else!),
        OpCode.Loop or OpCode.ReverseLoop => HasEffect(i.Then!),
        _ => false,
    });

    private Block DropDeadReleases(Block block) => new(block.Instrs
        .Where(i => i.Op != OpCode.Release || _live.Contains(i.Args[0]))
        .Select(i => i.Op switch
        {
            OpCode.If => i with { Then = DropDeadReleases(i.Then!), Else = DropDeadReleases(i.Else!) },
            OpCode.Loop or OpCode.ReverseLoop => i with { Then = DropDeadReleases(i.Then!) },
            _ => i,
        })
        .ToEquatableArray());

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
