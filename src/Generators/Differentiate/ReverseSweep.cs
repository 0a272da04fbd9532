using System;
using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generators.Lower;
using AutoDiffGen.Generators.Model;

namespace AutoDiffGen.Generators.Differentiate;

/// <summary>
/// The reverse sweep. Gradient contributions to a value are collected until the sweep reaches the value's
/// definition, then summed once. A branch cannot return values, so contributions made inside a branch to a value
/// defined outside it go into an accumulator declared before the branch (<c>dx += ...</c>). Loops are reversed in
/// Differentiate/LoopReversal.cs.
/// </summary>
internal sealed partial class ReverseSweep
{
    private readonly IrBuilder _b;
    private readonly HashSet<int> _active;
    private readonly Dictionary<int, List<int>> _contributions = new();
    private readonly Dictionary<int, int> _accumulators = new();
    private readonly Dictionary<int, List<Instr>> _phis = new();
    private readonly Dictionary<int, int> _shapes;

    public ReverseSweep(IrBuilder builder, HashSet<int> active, Dictionary<int, int> shapes)
    {
        _b = builder;
        _active = active;
        _shapes = shapes;
    }

    public bool IsActive(int id) => _active.Contains(id);

    /// <summary>Adds <paramref name="value"/> to the gradient of <paramref name="target"/> (ignored for inactive targets).</summary>
    public void Contribute(int target, int value)
    {
        if (!_active.Contains(target))
        {
            return;
        }

        if (_accumulators.TryGetValue(target, out var accumulator))
        {
            _b.Add(OpCode.VarAdd, _b[target].Type, EquatableArray.Of(accumulator, value));
            return;
        }

        _b.NameIfUnnamed(value, GradientName(target));
        if (!_contributions.TryGetValue(target, out var list))
        {
            _contributions[target] = list = new List<int>();
        }

        list.Add(value);
    }

    /// <summary>The gradient of <paramref name="target"/> so far, summed into one value; null when nothing contributed.</summary>
    public int? Materialize(int target)
    {
        if (!_contributions.TryGetValue(target, out var list) || list.Count == 0)
        {
            return null;
        }

        if (list.Count == 1)
        {
            return list[0];
        }

        // A value used twice (x * x) contributes the same term twice: add it once, times its count.
        var type = _b[target].Type;
        var terms = list.Distinct().Select(v =>
        {
            var count = list.Count(c => c == v);
            return count == 1 ? v : _b.Binary("*", type, v, _b.Constant(count, type));
        }).ToList();
        var sum = terms[0];
        for (var i = 1; i < terms.Count; i++)
        {
            sum = _b.Binary("+", type, sum, terms[i], i == terms.Count - 1 ? GradientName(target) : string.Empty);
        }

        _contributions[target] = new List<int> { sum };
        return sum;
    }

    /// <summary>A zero gradient shaped like <paramref name="target"/>.</summary>
    public int Zero(int target)
    {
        var type = _b[target].Type;
        return type.Kind == ValueKind.Tensor
            ? _b.Add(OpCode.Call, type, EquatableArray.Of(target), "ZerosLike", TensorCalls.Static("ZerosLike"), GradientName(target))
            : _b.Constant(0, type);
    }

    public void ReverseBlock(IReadOnlyList<Instr> instrs)
    {
        foreach (var instr in instrs)
        {
            if (instr.Op == OpCode.Phi)
            {
                if (!_phis.TryGetValue(instr.Args[0], out var list))
                {
                    _phis[instr.Args[0]] = list = new List<Instr>();
                }

                list.Add(instr);
            }
        }

        for (var i = instrs.Count - 1; i >= 0; i--)
        {
            var instr = instrs[i];
            if (instr.Op == OpCode.If)
            {
                ReverseIf(instr);
                continue;
            }

            if (instr.Op == OpCode.Loop)
            {
                ReverseLoop(instr);
                continue;
            }

            // A restored loop-carried value: its gradient is collected by the reverse loop, not pushed further.
            if (instr.Op is OpCode.Phi or OpCode.Parameter or OpCode.Restore || !_active.Contains(instr.Id))
            {
                continue;
            }

            var (source, location) = (_b.Source, _b.Location);
            (_b.Source, _b.Location) = ("gradient of: " + instr.Source, instr.Location);
            if (Materialize(instr.Id) is { } g)
            {
                ApplyRule(instr, g);
            }

            (_b.Source, _b.Location) = (source, location);
        }
    }

    private void ApplyRule(Instr instr, int g)
    {
        switch (instr.Op)
        {
            case OpCode.Binary:
                BinaryRule(instr, g);
                break;

            case OpCode.Unary:
                Contribute(instr.Args[0], _b.Negate(g));
                break;

            case OpCode.Convert:
            {
                var x = instr.Args[0];
                Contribute(x, _b.Add(OpCode.Convert, _b[x].Type, EquatableArray.Of(g), _b[x].Type.Display));
                break;
            }

            case OpCode.Select:
            {
                var zero = _b[instr.Args[1]].Type.IsScalar ? _b.Constant(0, instr.Type) : Zero(instr.Args[1]);
                Contribute(instr.Args[1], _b.Add(OpCode.Select, instr.Type, EquatableArray.Of(instr.Args[0], g, zero)));
                Contribute(instr.Args[2], _b.Add(OpCode.Select, instr.Type, EquatableArray.Of(instr.Args[0], zero, g)));
                break;
            }

            case OpCode.Call when instr.Call!.Kind == CallKind.Builtin:
                ScalarRules.Apply(_b, instr, g, IsActive, Contribute);
                break;

            case OpCode.Call when instr.Call!.Kind == CallKind.Operator:
            {
                // An op's operator struct (fused kernels): its own derivative, at the element and the forward result.
                var x = instr.Args[0];
                var derivative = _b.Add(OpCode.Call, instr.Type, EquatableArray.Of(x, instr.Id), instr.Call.Name + "Derivative", instr.Call with { Kind = CallKind.OperatorDerivative, Name = instr.Call.Name + "Derivative" });
                Contribute(x, _b.Binary("*", instr.Type, g, derivative));
                break;
            }

            case OpCode.Call when instr.Call!.Kind == CallKind.Rule && RuleChoice.Choose(instr, IsActive) is not null:
                CallRule(instr, g);
                break;

            case OpCode.Call when instr.Type.Kind == ValueKind.Tensor:
                Replay(instr, g);
                break;

            default:
                throw new NotSupportedException(instr.Op.ToString());
        }
    }

    private void BinaryRule(Instr instr, int g)
    {
        var a = instr.Args[0];
        var c = instr.Args[1];
        var type = instr.Type;
        var bothTensors = _b[a].Type.Kind == ValueKind.Tensor && _b[c].Type.Kind == ValueKind.Tensor;
        var sameShape = _shapes.TryGetValue(a, out var shapeA) && _shapes.TryGetValue(c, out var shapeC) && shapeA == shapeC;

        // Broadcasting: a tensor operand's gradient is summed back down to its own shape, unless both certainly match.
        int Reduce(int gradient, int operand) => bothTensors && !sameShape
            ? _b.Add(OpCode.Call, TypeSpec.Tensor, EquatableArray.Of(gradient, Shape(operand)), "ReduceGrad", TensorCalls.Static("ReduceGrad"))
            : gradient;

        switch (instr.Text)
        {
            case "+":
                if (IsActive(a)) Contribute(a, Reduce(g, a));
                if (IsActive(c)) Contribute(c, Reduce(g, c));
                break;
            case "-":
                if (IsActive(a)) Contribute(a, Reduce(g, a));
                if (IsActive(c)) Contribute(c, Reduce(_b.Negate(g), c));
                break;
            case "*":
                if (IsActive(a)) Contribute(a, Reduce(_b.Binary("*", type, g, c), a));
                if (IsActive(c)) Contribute(c, Reduce(_b.Binary("*", type, g, a), c));
                break;
            case "/":
                if (IsActive(a)) Contribute(a, Reduce(_b.Binary("/", type, g, c), a));

                // d(a/b)/db = -a/b² = -y/b: reuse the forward result y.
                if (IsActive(c)) Contribute(c, Reduce(_b.Negate(_b.Binary("/", type, _b.Binary("*", type, g, instr.Id), c)), c));
                break;
            default:
                throw new NotSupportedException(instr.Text);
        }
    }

    /// <summary>
    /// The shape of a forward tensor, preferably without keeping that tensor alive only to read its shape: a
    /// parameter of the same shape class, or the broadcast of a binary op's operand shapes.
    /// </summary>
    private int Shape(int tensor)
    {
        var instr = _b[tensor];
        if (instr.Op is OpCode.Binary or OpCode.Unary)
        {
            var operands = instr.Args.Where(a => _b[a].Type.Kind == ValueKind.Tensor).ToList();
            if (operands.Count == 1)
            {
                return Shape(operands[0]);
            }

            // One level only: the operands are usually needed by the backward anyway, so their shapes cost nothing.
            if (operands.Count == 2 && RepresentativeShape(tensor) is null)
            {
                // Text names the tensor whose shape this is, so Simplify can read its Shape instead when it stays alive.
                var text = "Broadcast:" + tensor.ToString(System.Globalization.CultureInfo.InvariantCulture);
                return _b.Add(OpCode.Call, TypeSpec.Shape, EquatableArray.Of(ShapeProperty(operands[0]), ShapeProperty(operands[1])), text, TensorCalls.ShapeBroadcast());
            }
        }

        return ShapeProperty(tensor);
    }

    /// <summary>The shape of <paramref name="tensor"/>, read from a parameter of its shape class when there is one.</summary>
    private int ShapeProperty(int tensor) =>
        RepresentativeShape(tensor) ?? _b.Add(OpCode.Call, TypeSpec.Shape, EquatableArray.Of(tensor), "Shape", TensorCalls.Property("Shape"));

    private int? RepresentativeShape(int tensor)
    {
        if (_b[tensor].Op != OpCode.Parameter && _shapes.TryGetValue(tensor, out var shapeClass))
        {
            foreach (var pair in _shapes)
            {
                if (pair.Value == shapeClass && _b.Contains(pair.Key) && _b[pair.Key].Op == OpCode.Parameter)
                {
                    return ShapeProperty(pair.Key);
                }
            }
        }

        return null;
    }

    private void CallRule(Instr instr, int g)
    {
        var spec = instr.Call!;
        var choice = RuleChoice.Choose(instr, IsActive) ?? throw new NotSupportedException(spec.Name);
        foreach (var (rule, argIndices) in choice)
        {
            var args = rule.Bindings.Select(binding => binding switch
            {
                "grad" => g,
                "result" => instr.Id,
                _ => instr.Args[RuleChoice.IndexOf(spec.ParameterNames, binding)],
            }).ToEquatableArray();
            var isTuple = rule.Fields.Count > 0;
            var firstType = _b[instr.Args[RuleChoice.IndexOf(spec.ParameterNames, rule.Returns[0])]].Type;
            var ruleName = rule.Target.Substring(rule.Target.LastIndexOf('.') + 1);
            var call = _b.Add(
                OpCode.Call,
                isTuple ? new TypeSpec(ValueKind.Other, "var") : firstType,
                args,
                ruleName,
                new CallSpec(CallKind.Plain, ruleName, rule.Target, false, false, EquatableArray<string>.Empty, EquatableArray<RuleSpec>.Empty, IsPure: true),
                isTuple ? BaseName(instr.Id) + "Grads" : string.Empty);

            foreach (var index in argIndices)
            {
                var arg = instr.Args[index];
                var field = RuleChoice.IndexOf(rule.Returns, spec.ParameterNames[index]);
                var gradient = isTuple
                    ? _b.Add(OpCode.Field, _b[arg].Type, EquatableArray.Of(call), rule.Fields[field])
                    : call;
                Contribute(arg, gradient);
            }
        }
    }

    /// <summary>
    /// No rule is visible (none exists, or it is internal to another assembly): replay the call on the tape. An active
    /// argument is a tensor (entry <c>i</c>) or an array of tensors built here (entry <c>i.j</c>, its element j), so
    /// <c>Tensor.Cat(new[] { a, b })</c> differentiates into <c>a</c> and <c>b</c>; those elements are appended to the
    /// replay's arguments so they stay named values.
    /// </summary>
    private void Replay(Instr instr, int g)
    {
        var entries = new List<string>();
        var targets = new List<int>();
        for (var i = 0; i < instr.Args.Count; i++)
        {
            var arg = instr.Args[i];
            if (!IsActive(arg))
            {
                continue;
            }

            if (_b[arg].Op == OpCode.ArrayCreation)
            {
                for (var j = 0; j < _b[arg].Args.Count; j++)
                {
                    if (IsActive(_b[arg].Args[j]))
                    {
                        entries.Add(i.ToString(System.Globalization.CultureInfo.InvariantCulture) + "." + j.ToString(System.Globalization.CultureInfo.InvariantCulture));
                        targets.Add(_b[arg].Args[j]);
                    }
                }

                continue;
            }

            entries.Add(i.ToString(System.Globalization.CultureInfo.InvariantCulture));
            targets.Add(arg);
        }

        var grads = _b.Add(
            OpCode.Replay,
            new TypeSpec(ValueKind.Other, TypeSpec.TensorDisplay + "?[]"),
            new[] { g }.Concat(instr.Args).Concat(targets.Where(t => !instr.Args.Contains(t))).ToEquatableArray(),
            string.Join(",", entries),
            instr.Call,
            BaseName(instr.Id) + "Grads");
        for (var k = 0; k < targets.Count; k++)
        {
            Contribute(targets[k], _b.Add(OpCode.Element, TypeSpec.Tensor, EquatableArray.Of(grads, targets[k]), k.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }
    }

    private void ReverseIf(Instr instr)
    {
        var phis = _phis.TryGetValue(instr.Id, out var list) ? list : new List<Instr>();
        var phiGradients = phis.Select(p => _active.Contains(p.Id) ? Materialize(p.Id) : null).ToArray();
        if (phiGradients.All(g => g is null))
        {
            return;
        }

        // Values from outside the branch that the branch differentiates into get an accumulator first.
        var declared = new List<int>();
        foreach (var outer in OuterActiveReferences(instr))
        {
            if (_accumulators.ContainsKey(outer))
            {
                continue;
            }

            var initial = Materialize(outer) ?? Zero(outer);
            var accumulator = _b.FreshId();
            _b.Append(new Instr(accumulator, OpCode.VarDecl, _b[outer].Type, EquatableArray.Of(initial), Name: GradientName(outer), Source: _b.Source, Location: _b.Location));
            _accumulators[outer] = accumulator;
            _contributions.Remove(outer);
            declared.Add(outer);
        }

        _b.Push();
        ReverseBranch(instr.Then!, instr.ThenYields, phis, phiGradients);
        var thenBlock = _b.Pop();
        _b.Push();
        ReverseBranch(instr.Else!, instr.ElseYields, phis, phiGradients);
        var elseBlock = _b.Pop();
        _b.Append(new Instr(_b.FreshId(), OpCode.If, TypeSpec.Bool, EquatableArray.Of(instr.Args[0]), Then: thenBlock, Else: elseBlock, Source: "gradient of: " + instr.Source, Location: instr.Location));

        foreach (var outer in declared)
        {
            _contributions[outer] = new List<int> { _accumulators[outer] };
            _accumulators.Remove(outer);
        }
    }

    /// <summary>Recomputes the branch's forward values (they are out of scope here), then sweeps it in reverse.</summary>
    private void ReverseBranch(Block block, EquatableArray<int> yields, List<Instr> phis, int?[] phiGradients)
    {
        var remap = new Dictionary<int, int>();
        var copied = block.Instrs.Select(i => Copy(i, remap)).ToList();
        foreach (var instr in copied)
        {
            _b.Append(instr);
            Differentiator.RememberDeep(_b, instr);
        }

        for (var k = 0; k < phis.Count; k++)
        {
            if (phiGradients[k] is { } g)
            {
                var yield = yields[int.Parse(phis[k].Text, System.Globalization.CultureInfo.InvariantCulture)];
                Contribute(remap.TryGetValue(yield, out var mapped) ? mapped : yield, g);
            }
        }

        ReverseBlock(copied);
    }

    private Instr Copy(Instr instr, Dictionary<int, int> remap)
    {
        var id = _b.FreshId();
        remap[instr.Id] = id;
        if (_active.Contains(instr.Id))
        {
            _active.Add(id);
        }

        int Map(int arg) => remap.TryGetValue(arg, out var mapped) ? mapped : arg;
        var copy = instr with { Id = id, Args = instr.Args.Select(Map).ToEquatableArray() };
        if (_shapes.TryGetValue(instr.Id, out var shape))
        {
            _shapes[id] = shape;
        }

        if (instr.Op == OpCode.Loop)
        {
            copy = copy with
            {
                Then = new Block(instr.Then!.Instrs.Select(i => Copy(i, remap)).ToEquatableArray()),
            };
            copy = copy with { ThenYields = instr.ThenYields.Select(Map).ToEquatableArray() };
        }

        if (instr.Op == OpCode.If)
        {
            copy = copy with
            {
                Then = new Block(instr.Then!.Instrs.Select(i => Copy(i, remap)).ToEquatableArray()),
                Else = new Block(instr.Else!.Instrs.Select(i => Copy(i, remap)).ToEquatableArray()),
            };
            copy = copy with
            {
                ThenYields = instr.ThenYields.Select(Map).ToEquatableArray(),
                ElseYields = instr.ElseYields.Select(Map).ToEquatableArray(),
            };
        }

        return copy;
    }

    private IEnumerable<int> OuterActiveReferences(Instr region)
    {
        var defined = new HashSet<int>();
        var used = new List<int>();
        void Walk(Block block, EquatableArray<int> yields)
        {
            foreach (var instr in block.Instrs)
            {
                defined.Add(instr.Id);
                used.AddRange(instr.Args);
                if (instr.Op == OpCode.If)
                {
                    Walk(instr.Then!, instr.ThenYields);
                    Walk(instr.Else!, instr.ElseYields);
                }

                if (instr.Op == OpCode.Loop)
                {
                    Walk(instr.Then!, instr.ThenYields);
                }
            }

            used.AddRange(yields);
        }

        Walk(region.Then!, region.ThenYields);
        if (region.Else is { } elseBlock)
        {
            Walk(elseBlock, region.ElseYields);
        }
        // An active array (of tensors passed to a replayed call) has no gradient of its own: its elements do.
        var outer = used.Where(u => !defined.Contains(u) && _active.Contains(u)).Distinct().ToList();
        var elements = outer.Where(u => _b[u].Op == OpCode.ArrayCreation).SelectMany(u => _b[u].Args).Where(e => !defined.Contains(e) && _active.Contains(e));
        return outer.Concat(elements).Where(u => _b[u].Type.IsDifferentiable).Distinct().OrderBy(u => u).ToList();
    }

    private string GradientName(int target) => "d" + BaseName(target);

    private string BaseName(int target)
    {
        var instr = _b[target];
        return instr.Name.Length > 0 ? instr.Name : Naming.Fallback(instr);
    }
}
