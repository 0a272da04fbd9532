using System.Collections.Generic;
using AutoDiffGen.Generators.Model;

namespace AutoDiffGen.Generators.Lower;

/// <summary>Appends instructions to a stack of open blocks and remembers every instruction by id.</summary>
internal sealed class IrBuilder
{
    private readonly Stack<List<Instr>> _open = new();
    private readonly Stack<Dictionary<string, int>> _pure = new();
    private readonly Dictionary<int, Instr> _byId = new();

    public IrBuilder(int nextId)
    {
        NextId = nextId;
        _open.Push(new List<Instr>());
        _pure.Push(new Dictionary<string, int>());
    }

    public int NextId { get; private set; }

    /// <summary>The source statement stamped on new instructions, quoted by the emitted comments.</summary>
    public string Source { get; set; } = string.Empty;

    /// <summary>Where <see cref="Source"/> is in the user's file, stamped with it; null for generated-only code.</summary>
    public SourceSpan? Location { get; set; }

    public List<Instr> Current => _open.Peek();

    public Instr this[int id] => _byId[id];

    public bool Contains(int id) => _byId.ContainsKey(id);

    public int FreshId() => NextId++;

    /// <summary>
    /// Adds an instruction, or returns the identical pure one already visible (hash-consing): the same gradient term
    /// reached twice is then one value, which the sweep sums once with its count.
    /// </summary>
    public int Add(OpCode op, TypeSpec type, EquatableArray<int> args, string text = "", CallSpec? call = null, string name = "")
    {
        var key = PureKey(op, type, args, text, call);
        if (key is not null)
        {
            foreach (var scope in _pure)
            {
                if (scope.TryGetValue(key, out var existing))
                {
                    return existing;
                }
            }
        }

        var instr = new Instr(NextId++, op, type, args, text, call, Name: name, Source: Source, Location: Location);
        Append(instr);
        if (key is not null)
        {
            _pure.Peek()[key] = instr.Id;
        }

        return instr.Id;
    }

    internal static string? PureKey(OpCode op, TypeSpec type, EquatableArray<int> args, string text, CallSpec? call)
    {
        var pure = op switch
        {
            OpCode.Constant or OpCode.Binary or OpCode.Unary or OpCode.Convert or OpCode.Select or OpCode.Field or OpCode.Element or OpCode.StaticMember => true,
            OpCode.Call => call!.IsPure,
            _ => false,
        };
        // a + b and b + a (a * b and b * a) are one value: IEEE addition and multiplication commute, and so do broadcasting
        // tensor ones; so 100 * d and d * 100 are computed once.
        var operands = op == OpCode.Binary && text is "+" or "*" && type.IsDifferentiable && args.Count == 2 && args[1] < args[0]
            ? args[1] + "," + args[0]
            : string.Join(",", args);
        return pure ? $"{op}|{type.Display}|{text}|{call?.Target}|{call?.IsInstance}|{operands}" : null;
    }

    public void Append(Instr instr)
    {
        Current.Add(instr);
        _byId[instr.Id] = instr;
    }

    /// <summary>Registers an instruction emitted elsewhere (e.g. a copied forward value) so its type and name can be looked up.</summary>
    public void Remember(Instr instr) => _byId[instr.Id] = instr;

    /// <summary>Gives an unnamed instruction of the innermost open block a source name.</summary>
    public void NameIfUnnamed(int id, string name)
    {
        var list = Current;
        for (var i = list.Count - 1; i >= 0; i--)
        {
            if (list[i].Id == id)
            {
                if (list[i].Name.Length == 0 && list[i].Op is not (OpCode.Parameter or OpCode.Constant))
                {
                    list[i] = list[i] with { Name = name };
                    _byId[id] = list[i];
                }

                return;
            }
        }
    }

    public void Push()
    {
        _open.Push(new List<Instr>());
        _pure.Push(new Dictionary<string, int>());
    }

    public Block Pop()
    {
        _pure.Pop();
        return new(_open.Pop().ToEquatableArray());
    }

    public int Constant(double value, TypeSpec type) => Add(OpCode.Constant, type, EquatableArray<int>.Empty, Literals.Format(value, type.Kind));

    public int Binary(string op, TypeSpec type, int left, int right, string name = "") =>
        Add(OpCode.Binary, type, EquatableArray.Of(left, right), op, name: name);

    public int Negate(int value, string name = "") => Add(OpCode.Unary, this[value].Type, EquatableArray.Of(value), "-", name: name);
}
