using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generators.Lower;
using AutoDiffGen.Generators.Model;

namespace AutoDiffGen.Generators.Simplify;

/// <summary>Constant folding, algebraic identities and common-subexpression elimination in one forward walk.</summary>
internal sealed class Folding
{
    private readonly Dictionary<int, int> _alias = new();
    private readonly Dictionary<int, Instr> _byId = new();

    public static IrFunction Run(IrFunction function)
    {
        var folding = new Folding();
        var body = folding.Rewrite(function.Body, new Dictionary<string, int>());
        var outputs = function.Outputs.Select(o => o with { Value = folding.Resolve(o.Value) }).ToEquatableArray();
        return function with { Body = body, Outputs = outputs };
    }

    private int Resolve(int id)
    {
        while (_alias.TryGetValue(id, out var next))
        {
            id = next;
        }

        return id;
    }

    private Block Rewrite(Block block, Dictionary<string, int> parentTable)
    {
        // A nested block sees the values of the blocks around it (they dominate it), not its siblings'.
        var table = new Dictionary<string, int>(parentTable);
        var output = new List<Instr>();
        foreach (var original in block.Instrs)
        {
            var instr = original with { Args = original.Args.Select(Resolve).ToEquatableArray() };
            if (instr.Op is OpCode.Loop or OpCode.ReverseLoop)
            {
                // A loop body sees the values before the loop; what it computes stays inside (it differs per iteration).
                instr = instr with { Then = Rewrite(instr.Then!, table) };
                instr = instr with { ThenYields = instr.ThenYields.Select(Resolve).ToEquatableArray() };
            }

            if (instr.Op == OpCode.If)
            {
                instr = instr with
                {
                    Then = Rewrite(instr.Then!, table),
                    Else = Rewrite(instr.Else!, table),
                };
                instr = instr with
                {
                    ThenYields = instr.ThenYields.Select(Resolve).ToEquatableArray(),
                    ElseYields = instr.ElseYields.Select(Resolve).ToEquatableArray(),
                };
            }

            if (Fold(instr) is { } folded)
            {
                if (folded.Alias is { } alias)
                {
                    _alias[instr.Id] = alias;
                    continue;
                }

                instr = folded.Replacement!;
            }

            if (Key(instr) is { } key)
            {
                if (table.TryGetValue(key, out var existing))
                {
                    _alias[instr.Id] = existing;
                    continue;
                }

                table[key] = instr.Id;
            }

            _byId[instr.Id] = instr;
            output.Add(instr);
        }

        return new Block(output.ToEquatableArray());
    }

    private static string? Key(Instr instr) => IrBuilder.PureKey(instr.Op, instr.Type, instr.Args, instr.Text, instr.Call);

    private double? ConstantOf(int id) =>
        _byId.TryGetValue(id, out var instr) && instr.Op == OpCode.Constant && instr.Type.IsScalar
        && Literals.TryParse(instr.Text, out var value)
            ? value
            : null;

    private bool SameType(int id, Instr instr) => _byId.TryGetValue(id, out var other) && other.Type.Display == instr.Type.Display;

    private (int? Alias, Instr? Replacement)? Fold(Instr instr)
    {
        (int?, Instr?) Alias(int id) => (id, null);
        (int?, Instr?) Constant(double value) =>
            (null, instr with { Op = OpCode.Constant, Args = EquatableArray<int>.Empty, Text = Literals.Format(value, instr.Type.Kind), Call = null });
        (int?, Instr?) Negate(int id) => (null, instr with { Op = OpCode.Unary, Args = EquatableArray.Of(id), Text = "-", Call = null });

        switch (instr.Op)
        {
            case OpCode.Binary when instr.Args.Count == 2:
            {
                var a = instr.Args[0];
                var b = instr.Args[1];
                var ca = ConstantOf(a);
                var cb = ConstantOf(b);
                var scalar = instr.Type.IsScalar;
                if (scalar && ca is { } x && cb is { } y)
                {
                    switch (instr.Text)
                    {
                        case "+": return Constant(x + y);
                        case "-": return Constant(x - y);
                        case "*": return Constant(x * y);
                        case "/" when y != 0: return Constant(x / y);
                    }
                }

                switch (instr.Text)
                {
                    case "*" when ca == 1 && SameType(b, instr): return Alias(b);
                    case "*" when cb == 1 && SameType(a, instr): return Alias(a);
                    case "*" when scalar && (ca == 0 || cb == 0): return Constant(0);
                    case "*" when cb == -1 && SameType(a, instr): return Negate(a);
                    case "*" when ca == -1 && SameType(b, instr): return Negate(b);
                    case "+" when ca == 0 && SameType(b, instr): return Alias(b);
                    case "+" when cb == 0 && SameType(a, instr): return Alias(a);
                    case "-" when cb == 0 && SameType(a, instr): return Alias(a);
                    case "-" when ca == 0 && SameType(b, instr): return Negate(b);
                    case "/" when cb == 1 && SameType(a, instr): return Alias(a);
                }

                return null;
            }

            case OpCode.Unary when instr.Text == "-":
            {
                var a = instr.Args[0];
                if (instr.Type.IsScalar && ConstantOf(a) is { } x)
                {
                    return Constant(-x);
                }

                return _byId.TryGetValue(a, out var inner) && inner.Op == OpCode.Unary && inner.Text == "-" && SameType(inner.Args[0], instr)
                    ? Alias(inner.Args[0])
                    : null;
            }

            case OpCode.Convert when instr.Type.IsScalar && ConstantOf(instr.Args[0]) is { } x:
                return Constant(x);

            case OpCode.Call when instr.Call is { Kind: CallKind.Builtin, Name: "Pow" } && ConstantOf(instr.Args[1]) == 1 && SameType(instr.Args[0], instr):
                return Alias(instr.Args[0]);

            default:
                return null;
        }
    }
}
