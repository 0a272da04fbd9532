using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using AutoDiffGen.Generators.Lower;
using AutoDiffGen.Generators.Model;

namespace AutoDiffGen.Generators.Differentiate;

/// <summary>
/// Reversing a loop, as Tapenade and Enzyme do: the forward sweep saved each iteration's loop-carried values
/// (<see cref="LoopCheckpoints"/>); the reverse loop visits the iterations last to first, restores an iteration's
/// carried values, recomputes the rest of its body, and sweeps the body backwards. Gradients of values read in every
/// iteration (weights, inputs) accumulate across iterations (<c>dw += ...</c>); the gradient of a carried value flows
/// from each iteration to the one before it (<c>dh = dhPrev;</c>) and, after the first, into the value the loop
/// started from.
/// </summary>
internal sealed partial class ReverseSweep
{
    /// <summary>The <see cref="Instr.Text"/> of a loop's accumulators: the emitter may reuse its initial value's local for one.</summary>
    public const string LoopAccumulator = "loop";

    private void ReverseLoop(Instr loop)
    {
        var carried = loop.Then!.Instrs.Where(i => i.Op == OpCode.Carried && i.Args[0] == loop.Id).ToList();
        var phis = _phis.TryGetValue(loop.Id, out var list) ? list : new List<Instr>();
        var exitGradients = new Dictionary<int, int?>();
        foreach (var value in carried.Where(c => _active.Contains(c.Id)))
        {
            var phi = phis.FirstOrDefault(p => p.Text == value.Text);
            exitGradients[Index(value)] = phi is not null && _active.Contains(phi.Id) ? Materialize(phi.Id) : null;
        }

        // No gradient leaves the loop: nothing in it can contribute to anything.
        if (exitGradients.Values.All(g => g is null))
        {
            return;
        }

        var source = _b.Source;
        _b.Source = "gradient of: " + loop.Source;

        // Values from outside the loop that its body differentiates into accumulate over the iterations.
        var declared = new List<int>();
        foreach (var outer in OuterActiveReferences(loop))
        {
            if (_accumulators.ContainsKey(outer))
            {
                continue;
            }

            var initial = Materialize(outer) ?? UnnamedZero(outer);
            var accumulator = _b.FreshId();
            _b.Append(new Instr(accumulator, OpCode.VarDecl, _b[outer].Type, EquatableArray.Of(initial), LoopAccumulator, Name: GradientName(outer), Source: _b.Source));
            _accumulators[outer] = accumulator;
            _contributions.Remove(outer);
            declared.Add(outer);
        }

        // The gradient of each carried value at the exit of the iteration being reversed, starting from the loop's exit.
        var adjoints = new Dictionary<int, int>();
        foreach (var pair in exitGradients)
        {
            var phi = phis.First(p => p.Text == pair.Key.ToString(CultureInfo.InvariantCulture));
            var accumulator = _b.FreshId();
            _b.Append(new Instr(accumulator, OpCode.VarDecl, phi.Type, EquatableArray.Of(pair.Value ?? UnnamedZero(phi.Id)), LoopAccumulator, Name: GradientName(phi.Id), Source: _b.Source));
            adjoints[pair.Key] = accumulator;
        }

        var reverseId = _b.FreshId();
        _b.Push();
        var remap = new Dictionary<int, int> { [loop.Id] = reverseId };
        var arrays = loop.Then.Instrs.Where(i => i.Op == OpCode.Save && _b[i.Args[1]].Args[0] == loop.Id).ToDictionary(i => i.Args[2], i => i.Args[0]);
        var copied = new List<Instr>();
        var restored = new Dictionary<int, int>();
        foreach (var instr in loop.Then.Instrs)
        {
            if (instr.Op == OpCode.Save && arrays.ContainsKey(instr.Args[2]) && _b[instr.Args[1]].Args[0] == loop.Id)
            {
                continue;
            }

            if (instr.Op == OpCode.Carried && instr.Args[0] == loop.Id)
            {
                // The iteration's entry value comes back from its checkpoint.
                var id = _b.FreshId();
                remap[instr.Id] = id;
                var counter = loop.Then.Instrs.First(i => i.Op == OpCode.LoopIndex && i.Args[0] == loop.Id).Id;
                copied.Add(new Instr(id, OpCode.Restore, instr.Type, EquatableArray.Of(arrays[instr.Id], remap[counter]), Name: instr.Name + "Prev", Source: _b.Source));
                if (_active.Contains(instr.Id))
                {
                    _active.Add(id);
                }

                if (_shapes.TryGetValue(instr.Id, out var shape))
                {
                    _shapes[id] = shape;
                }

                restored[Index(instr)] = id;
                continue;
            }

            copied.Add(Copy(instr, remap));
        }

        foreach (var instr in copied)
        {
            _b.Append(instr);
            Differentiator.RememberDeep(_b, instr);
        }

        // Into the iteration: the gradient at its exit reaches the carried values' new values...
        foreach (var pair in adjoints)
        {
            var yield = loop.ThenYields[pair.Key];
            Contribute(remap.TryGetValue(yield, out var mapped) ? mapped : yield, pair.Value);
        }

        ReverseBlock(copied);

        // ... and out of it: the gradient at its entry is the previous iteration's exit gradient.
        var entryGradients = adjoints.Keys.ToDictionary(k => k, k => Materialize(restored[k]) ?? Zero(restored[k]));
        if (entryGradients.Count > 1)
        {
            // Every entry gradient is computed before any is overwritten, so none reads a neighbour's new value.
            foreach (var pair in entryGradients)
            {
                _b.NameIfUnnamed(pair.Value, GradientName(restored[pair.Key]));
            }
        }

        foreach (var pair in entryGradients.Where(p => p.Value != adjoints[p.Key]))
        {
            _b.Add(OpCode.VarSet, _b[pair.Value].Type, EquatableArray.Of(adjoints[pair.Key], pair.Value));
        }

        var body = _b.Pop();
        _b.Append(new Instr(
            reverseId,
            OpCode.ReverseLoop,
            TypeSpec.Bool,
            EquatableArray.Of(loop.Args[0], loop.Args[1], loop.Args[2]),
            Text: loop.Text,
            Then: body,
            Name: loop.Name,
            Source: _b.Source));
        Differentiator.RememberDeep(_b, _b[reverseId]);

        // Pooled checkpoint arrays go back once the reverse loop has read them.
        foreach (var array in arrays.Values)
        {
            if (LoopCheckpoints.IsPooled(_b[array].Type))
            {
                _b.Add(OpCode.Release, TypeSpec.Bool, EquatableArray.Of(array));
            }
        }

        foreach (var outer in declared)
        {
            _contributions[outer] = new List<int> { _accumulators[outer] };
            _accumulators.Remove(outer);
        }

        // The gradient at the first iteration's entry belongs to the values the loop started from.
        foreach (var pair in adjoints)
        {
            Contribute(loop.Args[3 + pair.Key], pair.Value);
        }

        _b.Source = source;
    }

    /// <summary>A zero gradient written straight into the accumulator it starts (<c>var dw = Tensor.ZerosLike(w);</c>).</summary>
    private int UnnamedZero(int target)
    {
        var type = _b[target].Type;
        return type.Kind == ValueKind.Tensor
            ? _b.Add(OpCode.Call, type, EquatableArray.Of(target), "ZerosLike", TensorCalls.Static("ZerosLike"))
            : _b.Constant(0, type);
    }

    private static int Index(Instr carried) => int.Parse(carried.Text, CultureInfo.InvariantCulture);
}
