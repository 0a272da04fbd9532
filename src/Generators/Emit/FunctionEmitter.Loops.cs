using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using AutoDiffGen.Generators.Differentiate;
using AutoDiffGen.Generators.Lower;
using AutoDiffGen.Generators.Model;

namespace AutoDiffGen.Generators.Emit;

/// <summary>
/// Loops as C#: a forward loop keeps each carried value in one mutable local (<c>var h = h0; for (...) { h = ...; }</c>),
/// updated where the source updates it when no later statement of the body still reads the old value; the reverse
/// loop counts down (<c>for (var i = n - 1; i &gt;= 0; i--)</c>); checkpoint arrays are indexed by iteration.
/// </summary>
internal sealed partial class FunctionEmitter
{
    private readonly HashSet<int> _inPlace = new();

    // Counter names of loops already closed: a later sibling loop reuses them (i, not i2), other locals never do.
    private readonly HashSet<string> _freeCounters = new();

    private void IndexLoop(Instr loop)
    {
        Index(loop.Then!);
        foreach (var y in loop.ThenYields)
        {
            Use(y);
        }
    }

    private void EmitLoopPart(Instr instr, Block block)
    {
        switch (instr.Op)
        {
            case OpCode.Loop:
                EmitLoop(instr);
                break;

            case OpCode.ReverseLoop:
                EmitReverseLoop(instr);
                break;

            case OpCode.Checkpoints:
            {
                var element = ElementType(instr.Type);
                var count = TripCount(instr.Args[0], instr.Args[1], instr.Args[2], instr.Text);
                var array = LoopCheckpoints.IsPooled(instr.Type)
                    ? $"global::System.Buffers.ArrayPool<{element}>.Shared.Rent({count})"
                    : $"new {element}[{count}]";
                _w.Line("var " + NameOf(instr) + " = " + array + ";");
                break;
            }

            case OpCode.Save:
                _w.Line(Expression(instr.Args[0]).Text + "[" + IterationIndex(instr.Args[1]) + "] = " + Expression(instr.Args[2]).Text + ";");
                break;

            case OpCode.Release:
                _w.Line($"global::System.Buffers.ArrayPool<{ElementType(_byId[instr.Args[0]].Type)}>.Shared.Return({Expression(instr.Args[0]).Text});");
                break;

            case OpCode.VarSet:
                EmitVarSet(instr, block);
                break;
        }
    }

    private void EmitLoop(Instr loop)
    {
        var body = loop.Then!.Instrs;
        var carried = body.Where(i => i.Op == OpCode.Carried && i.Args[0] == loop.Id).ToList();
        var phis = _phis.TryGetValue(loop.Id, out var list) ? list : new List<Instr>();

        // One mutable local per carried value: its initial value's own local when nothing else reads that.
        foreach (var value in carried)
        {
            var init = loop.Args[3 + Index(value)];
            var initInstr = _byId[init];
            string name;
            if (initInstr.Op is not (OpCode.Parameter or OpCode.VarDecl or OpCode.Restore) && !IsInlined(initInstr) && _names.TryGet(init, out var existing)
                && _uses.TryGetValue(init, out var n) && n == 1)
            {
                name = existing;
                _names.Assign(value.Id, name);
            }
            else
            {
                name = NameOf(value);
                _w.Line("var " + name + " = " + Expression(init).Text + ";");
            }

            foreach (var phi in phis.Where(p => p.Text == value.Text))
            {
                _names.Assign(phi.Id, name);
            }
        }

        var counter = CounterName(loop);
        var step = StepText(loop.Args[2], counter, "+");
        _w.Open($"for (var {counter} = {Expression(loop.Args[0]).Text}; {counter} {loop.Text} {Expression(loop.Args[1]).Text}; {step})");
        _afterRegion = false;

        // A carried value updated in the body's top level is written in place when nothing after it reads the old one.
        var pending = new List<Instr>();
        foreach (var value in carried)
        {
            var yield = loop.ThenYields[Index(value)];
            if (yield == value.Id)
            {
                continue;
            }

            if (CanUpdateInPlace(loop, value, yield))
            {
                _inPlace.Add(yield);
                _names.Assign(yield, _names.TryGet(value.Id, out var name) ? name : NameOf(value));
            }
            else
            {
                pending.Add(value);
            }
        }

        EmitBlock(loop.Then);

        // The rest are assigned at the end of the iteration.
        if (_afterRegion && pending.Count > 0)
        {
            _w.Line();
            _afterRegion = false;
        }

        AssignTogether(pending.Select(v => (v.Id, loop.ThenYields[Index(v)])).ToList());

        _w.Close();
        _freeCounters.Add(counter);
        _afterRegion = true;
    }

    private void EmitReverseLoop(Instr loop)
    {
        var counter = CounterName(loop);
        var start = Expression(loop.Args[0]).Text;
        var step = StepText(loop.Args[2], counter, "-");
        _w.Open($"for (var {counter} = {LastIndex(loop)}; {counter} >= {start}; {step})");
        _afterRegion = false;
        EmitBlock(loop.Then!);
        _w.Close();
        _freeCounters.Add(counter);
        _afterRegion = true;
    }

    /// <summary><c>dh = dhPrev;</c>: the carried gradients of a loop body, passed on together at its end.</summary>
    private void EmitVarSet(Instr set, Block block)
    {
        var sets = block.Instrs.Where(i => i.Op == OpCode.VarSet).ToList();
        if (sets.IndexOf(set) == 0)
        {
            AssignTogether(sets.Select(s => (s.Args[0], s.Args[1])).ToList());
        }
    }

    /// <summary>
    /// Assigns several mutable locals as if at once: ordered so that each is overwritten only after every value that
    /// reads its old content (<c>a = b; b = next;</c>), through temporaries when they read each other in a cycle.
    /// </summary>
    private void AssignTogether(List<(int Target, int Value)> assignments)
    {
        var ordered = new List<(int Target, int Value)>();
        var left = new List<(int Target, int Value)>(assignments);
        while (left.Count > 0)
        {
            // Next: one whose target no other remaining value still reads.
            var next = left.FindIndex(a => !left.Any(o => o != a && ReadsCarried(o.Value, a.Target)));
            if (next < 0)
            {
                break;
            }

            ordered.Add(left[next]);
            left.RemoveAt(next);
        }

        var texts = new Dictionary<int, string>();
        foreach (var (target, value) in left)
        {
            var temp = _names.Fresh(Expression(target).Text + "Next");
            _w.Line("var " + temp + " = " + Expression(value).Text + ";");
            texts[target] = temp;
        }

        foreach (var (target, value) in ordered.Concat(left))
        {
            _w.Line(Expression(target).Text + " = " + (texts.TryGetValue(target, out var temp) ? temp : Expression(value).Text) + ";");
        }
    }

    /// <summary>
    /// A loop's gradient accumulator starting from a value nothing else reads takes over that value's local
    /// (<c>var da = grad * b;</c> then <c>da += ...</c>, not a copy <c>var da2 = da;</c>).
    /// </summary>
    private bool ReusesLocal(Instr declaration)
    {
        var init = _byId.TryGetValue(declaration.Args[0], out var instr) ? instr : null;
        if (declaration.Text != ReverseSweep.LoopAccumulator || init is null || init.Op is OpCode.Parameter or OpCode.VarDecl or OpCode.Phi or OpCode.Carried
            || IsInlined(init) || !_names.TryGet(init.Id, out var name) || !_uses.TryGetValue(init.Id, out var n) || n != 1)
        {
            return false;
        }

        _names.Assign(declaration.Id, name);
        return true;
    }

    private bool CanUpdateInPlace(Instr loop, Instr value, int yield)
    {
        var body = loop.Then!.Instrs;
        var position = -1;
        for (var i = 0; i < body.Count; i++)
        {
            if (body[i].Id == yield)
            {
                position = i;
            }
        }

        var instr = position < 0 ? null : body[position];
        if (instr is null || instr.Op is OpCode.Phi or OpCode.Carried or OpCode.LoopIndex or OpCode.Constant or OpCode.StaticMember or OpCode.Restore
            || loop.ThenYields.Count(y => y == yield) > 1 || _inPlace.Contains(yield))
        {
            return false;
        }

        // Nothing written after the update may read the old value: later statements, and every other carried value's update.
        for (var i = position + 1; i < body.Count; i++)
        {
            if (body[i].Op is OpCode.Phi || (IsInlined(body[i]) && body[i].Op != OpCode.Constant))
            {
                continue;
            }

            if (ReadsCarried(body[i], value.Id, deep: true))
            {
                return false;
            }
        }

        return !loop.ThenYields.Any(y => y != yield && ReadsCarried(y, value.Id));
    }

    /// <summary>True when computing <paramref name="id"/> where it is written reads <paramref name="carried"/> (through inlined operands).</summary>
    private bool ReadsCarried(int id, int carried) => id == carried || (_byId.TryGetValue(id, out var instr) && IsInlined(instr) && ReadsCarried(instr, carried, deep: false));

    private bool ReadsCarried(Instr instr, int carried, bool deep)
    {
        if (instr.Args.Any(a => ReadsCarried(a, carried)))
        {
            return true;
        }

        if (!deep)
        {
            return false;
        }

        var blocks = new[] { instr.Then, instr.Else }.Where(b => b is not null);
        var yields = instr.ThenYields.Concat(instr.ElseYields);
        return yields.Any(y => ReadsCarried(y, carried))
            || blocks.Any(b => b!.Instrs.Any(i => ReadsCarried(i, carried, deep: true)));
    }

    private string CounterName(Instr loop)
    {
        var index = loop.Then!.Instrs.FirstOrDefault(i => i.Op == OpCode.LoopIndex && i.Args[0] == loop.Id);
        var hint = loop.Name.Length == 0 ? "i" : loop.Name;
        string name;
        if (_freeCounters.Remove(hint))
        {
            name = hint;
        }
        else
        {
            name = _names.Fresh(hint);
        }

        if (index is not null)
        {
            _names.Assign(index.Id, name);
        }

        return name;
    }

    private string StepText(int step, string counter, string sign) =>
        IsIntConstant(step, out var s) && s == 1 ? counter + (sign == "+" ? "++" : "--") : counter + " " + sign + "= " + Expression(step).Text;

    /// <summary>Where a checkpoint of the current iteration goes: the counter itself when the loop starts at 0 with step 1.</summary>
    private string IterationIndex(int counter)
    {
        var counterText = Expression(counter).Text;
        if (!_byId.TryGetValue(counter, out var index) || !_byId.TryGetValue(index.Args[0], out var loop))
        {
            return counterText;
        }

        var offset = IsIntConstant(loop.Args[0], out var start) && start == 0 ? counterText : counterText + " - " + Paren(Expression(loop.Args[0]), 7);
        return IsIntConstant(loop.Args[2], out var step) && step == 1 ? offset : "(" + offset + ") / " + Expression(loop.Args[2]).Text;
    }

    /// <summary>The number of iterations, never negative (a bound below the start runs the loop zero times).</summary>
    private string TripCount(int start, int bound, int step, string comparison)
    {
        var boundInstr = _byId[bound];
        var hasStart = !(IsIntConstant(start, out var s0) && s0 == 0);
        var unitStep = IsIntConstant(step, out var stepValue) && stepValue == 1;
        var extra = (comparison == "<=" ? 1 : 0) + (unitStep ? 0 : stepValue - 1);
        if (!hasStart && extra == 0 && unitStep && boundInstr.Call is { IsProperty: true, Name: "Length" or "Count" })
        {
            return Expression(bound).Text;
        }

        var span = Expression(bound).Text;
        if (hasStart || extra != 0)
        {
            span = Paren(Expression(bound), 6);
        }

        if (hasStart)
        {
            span += " - " + Paren(Expression(start), 7);
        }

        if (extra != 0)
        {
            span += " + " + extra.ToString(CultureInfo.InvariantCulture);
        }

        if (!unitStep)
        {
            span = "(" + span + ") / " + Expression(step).Text;
        }

        return "global::System.Math.Max(0, " + span + ")";
    }

    /// <summary>The counter's last value, where the reverse loop starts: below the start when the loop ran zero times.</summary>
    private string LastIndex(Instr loop)
    {
        var inclusive = loop.Text == "<=";
        var unitStep = IsIntConstant(loop.Args[2], out var step) && step == 1;
        if (unitStep)
        {
            if (inclusive)
            {
                return Expression(loop.Args[1]).Text;
            }

            return IsIntConstant(loop.Args[1], out var bound)
                ? (bound - 1).ToString(CultureInfo.InvariantCulture)
                : Paren(Expression(loop.Args[1]), 6) + " - 1";
        }

        // start + (trips - 1) * step, with trips counted without clamping (fewer than one trip lands below start).
        var start = Paren(Expression(loop.Args[0]), 7);
        var stepText = Expression(loop.Args[2]).Text;
        var extra = step - 1 + (inclusive ? 1 : 0);
        var trips = "(" + Paren(Expression(loop.Args[1]), 6) + " - " + start + " + " + extra.ToString(CultureInfo.InvariantCulture) + ") / " + stepText;
        return start + " + (" + trips + " - 1) * " + stepText;
    }

    private bool IsIntConstant(int id, out int value)
    {
        value = 0;
        return _byId.TryGetValue(id, out var instr) && instr.Op == OpCode.Constant && instr.Type.Display == "int"
            && int.TryParse(instr.Text, NumberStyles.Integer, CultureInfo.InvariantCulture, out value);
    }

    private static string ElementType(TypeSpec arrayType) =>
        arrayType.Display.EndsWith("[]", System.StringComparison.Ordinal) ? arrayType.Display.Substring(0, arrayType.Display.Length - 2) : arrayType.Display;

    /// <summary>An array element is named after its array (<c>var x = xs[i];</c>); everything else by what computes it.</summary>
    private string FallbackName(Instr instr)
    {
        if (instr.Op == OpCode.ArrayElement && _names.TryGet(instr.Args[0], out var array) && array.Length > 1)
        {
            return array.EndsWith("s", System.StringComparison.Ordinal) ? array.Substring(0, array.Length - 1) : array + "Item";
        }

        return Naming.Fallback(instr);
    }

    private static int Index(Instr carried) => int.Parse(carried.Text, CultureInfo.InvariantCulture);
}
