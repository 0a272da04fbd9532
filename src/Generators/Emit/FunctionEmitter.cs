using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generators.Lower;
using AutoDiffGen.Generators.Model;
using Microsoft.CodeAnalysis.CSharp;

namespace AutoDiffGen.Generators.Emit;

/// <summary>
/// Writes one IR function's body as C#: a named local per value a person would name, single-use temporaries
/// folded back into expressions, a comment quoting the source statement each group of lines comes from, and (when
/// the statements know where they are) a <c>#line</c> directive before each statement mapping it to that source.
/// </summary>
internal sealed partial class FunctionEmitter
{
    private const int Conditional = 1;
    private const int Primary = 9;
    private const int UnaryPrecedence = 8;

    private readonly IndentedWriter _w;
    private readonly NameAllocator _names = new();
    private readonly Dictionary<int, Instr> _byId = new();
    private readonly Dictionary<int, int> _uses = new();
    private readonly Dictionary<int, List<Instr>> _phis = new();
    private readonly HashSet<int> _yieldedOnce = new();
    private readonly bool _mapping;
    private string? _lastSource;
    private SourceSpan? _lastLocation;
    private bool _emittedAny;
    private bool _afterRegion;

    // The file starts hidden (Emitter writes `#line hidden` first) and every body ends hidden again.
    private bool _hidden = true;

    private FunctionEmitter(IndentedWriter writer, bool mapping)
    {
        _w = writer;
        _mapping = mapping;
    }

    /// <summary>The parameter list of <paramref name="function"/>: its parameter instructions, in order.</summary>
    public static IEnumerable<Instr> Parameters(IrFunction function) => function.Body.Instrs.Where(i => i.Op == OpCode.Parameter);

    /// <summary>True when some statement of <paramref name="function"/> knows its place in a file, so the file gets <c>#line</c> directives.</summary>
    public static bool HasLocations(IrFunction function) => HasLocations(function.Body);

    public static void EmitBody(IrFunction function, IndentedWriter writer)
    {
        var emitter = new FunctionEmitter(writer, HasLocations(function));
        emitter.Index(function.Body);
        foreach (var output in function.Outputs)
        {
            emitter.Use(output.Value);
        }

        foreach (var parameter in Parameters(function))
        {
            emitter._names.Reserve(parameter.Text);
            emitter._names.Assign(parameter.Id, parameter.Text);
        }

        emitter.EmitBlock(function.Body);
        if (emitter._emittedAny)
        {
            writer.Line();
        }

        var values = function.Outputs.Select(o => emitter.Expression(o.Value).Text).ToList();
        emitter.Hide();
        writer.Line(values.Count == 1 ? "return " + values[0] + ";" : "return (" + string.Join(", ", values) + ");");
    }

    private static bool HasLocations(Block block) => block.Instrs.Any(i =>
        i.Location is { Path.Length: > 0 } || (i.Op == OpCode.If && (HasLocations(i.Then!) || HasLocations(i.Else!))));

    /// <summary>
    /// Maps the next line, from its first character (the column after the span), to <paramref name="location"/>: a
    /// debugger stepping onto it shows the forward statement.
    /// NOTE: a directive maps only the line after it to the span, and later lines to the lines after the span's start,
    /// so every statement needs its own; generated-only lines (null) and braces are hidden, which debuggers step over.
    /// </summary>
    private void Map(SourceSpan? location)
    {
        if (!_mapping)
        {
            return;
        }

        if (location is not { Path.Length: > 0 } || !IsWritablePath(location.Path))
        {
            Hide();
            return;
        }

        var culture = System.Globalization.CultureInfo.InvariantCulture;
        _w.Line(string.Format(
            culture,
            "#line ({0}, {1}) - ({2}, {3}) {4} \"{5}\"",
            location.StartLine,
            location.StartCharacter,
            location.EndLine,
            location.EndCharacter,
            _w.Column,
            location.Path));
        _hidden = false;
    }

    /// <summary>Hides the lines that follow from the debugger (generated-only code: braces, tuple assembly).</summary>
    private void Hide()
    {
        if (_mapping && !_hidden)
        {
            _w.Line("#line hidden");
            _hidden = true;
        }
    }

    /// <summary>A <c>#line</c> file name is taken verbatim up to the next quote: one holding a quote or a line break cannot be written.</summary>
    internal static bool IsWritablePath(string path) => path.IndexOfAny(new[] { '"', '\r', '\n', '\u0085', '\u2028', '\u2029' }) < 0;

    private string NameOf(Instr instr) => _names.Allocate(instr.Id, instr.Name.Length > 0 ? instr.Name : FallbackName(instr));

    private void Use(int id) => _uses[id] = _uses.TryGetValue(id, out var n) ? n + 1 : 1;

    private void Index(Block block)
    {
        foreach (var instr in block.Instrs)
        {
            _byId[instr.Id] = instr;
            foreach (var arg in instr.Args)
            {
                Use(arg);
            }

            if (instr.Op == OpCode.Phi)
            {
                if (!_phis.TryGetValue(instr.Args[0], out var list))
                {
                    _phis[instr.Args[0]] = list = new List<Instr>();
                }

                list.Add(instr);
            }

            if (instr.Op is OpCode.Loop or OpCode.ReverseLoop)
            {
                IndexLoop(instr);
            }

            if (instr.Op == OpCode.If)
            {
                Index(instr.Then!);
                Index(instr.Else!);
                foreach (var y in instr.ThenYields.Concat(instr.ElseYields))
                {
                    Use(y);
                }

                // A branch's last computation read only by its result is written as `z = <expr>;`, not through a temporary.
                MarkYields(instr.Then!, instr.ThenYields);
                MarkYields(instr.Else!, instr.ElseYields);
            }
        }
    }

    private void MarkYields(Block block, EquatableArray<int> yields)
    {
        foreach (var y in yields)
        {
            if (block.Instrs.Any(i => i.Id == y) && _uses.TryGetValue(y, out var n) && n == 1)
            {
                _yieldedOnce.Add(y);
            }
        }
    }

    /// <summary>Constants always, and unnamed pure values read once, are written where they are used.</summary>
    private bool IsInlined(Instr instr) => instr.Op switch
    {
        OpCode.Constant or OpCode.StaticMember => true,
        OpCode.Binary or OpCode.Unary or OpCode.Convert or OpCode.Select or OpCode.Field or OpCode.Element or OpCode.Call or OpCode.ArrayCreation or OpCode.ObjectCreation or OpCode.ArrayElement
            => !_inPlace.Contains(instr.Id) && (instr.Name.Length == 0 || _yieldedOnce.Contains(instr.Id)) && (!_uses.TryGetValue(instr.Id, out var n) || n <= 1),
        _ => false,
    };

    private void EmitBlock(Block block)
    {
        var first = true;
        foreach (var instr in block.Instrs)
        {
            if (instr.Op is OpCode.Parameter or OpCode.Phi or OpCode.LoopIndex or OpCode.Carried || IsInlined(instr))
            {
                continue;
            }

            // A blank line and a comment start each group of lines from one source statement, and follow every region.
            if (instr.Source.Length > 0 && (instr.Source != _lastSource || instr.Location != _lastLocation))
            {
                if (!first)
                {
                    _w.Line();
                }

                _w.Line("// " + instr.Source);
                _lastSource = instr.Source;
                _lastLocation = instr.Location;
            }
            else if (_afterRegion)
            {
                _w.Line();
            }

            _afterRegion = false;
            first = false;
            _emittedAny = true;
            if (instr.Op is not (OpCode.If or OpCode.Replay))
            {
                Map(instr.Location);
            }

            switch (instr.Op)
            {
                case OpCode.VarDecl when ReusesLocal(instr):
                    break;

                case OpCode.VarDecl:
                    _w.Line("var " + NameOf(instr) + " = " + Expression(instr.Args[0]).Text + ";");
                    break;

                case OpCode.VarAdd:
                    _w.Line(Expression(instr.Args[0]).Text + " += " + Expression(instr.Args[1]).Text + ";");
                    break;

                case OpCode.If:
                    EmitIf(instr);
                    break;

                case OpCode.Replay:
                    EmitReplay(instr);
                    break;

                case OpCode.Loop:
                case OpCode.ReverseLoop:
                case OpCode.Checkpoints:
                case OpCode.Save:
                case OpCode.Release:
                case OpCode.VarSet:
                    EmitLoopPart(instr, block);
                    break;

                default:
                    if (_inPlace.Contains(instr.Id))
                    {
                        // A loop-carried local updated where the source updates it.
                        _w.Line(NameOf(instr) + " = " + Expression(instr.Id, declaring: true).Text + ";");
                        break;
                    }

                    var text = Expression(instr.Id, declaring: true).Text;
                    _w.Line("var " + NameOf(instr) + " = " + text + ";");
                    break;
            }
        }
    }

    private void EmitIf(Instr region)
    {
        var phis = _phis.TryGetValue(region.Id, out var list) ? list : new List<Instr>();
        foreach (var phi in phis)
        {
            _w.Line(phi.Type.Display + " " + NameOf(phi) + ";");
        }

        Map(region.Location);
        _w.Line("if (" + Expression(region.Args[0]).Text + ")");
        Hide();
        _w.Line("{");
        _w.Indent();
        _afterRegion = false;
        EmitBranch(region.Then!, region.ThenYields, phis);
        Hide();
        _w.Close();
        if (region.Else!.Instrs.Count > 0 || phis.Count > 0)
        {
            _w.Line("else");
            _w.Line("{");
        _w.Indent();
            _afterRegion = false;
            EmitBranch(region.Else, region.ElseYields, phis);
            Hide();
            _w.Close();
        }

        _afterRegion = true;
    }

    private void EmitReplay(Instr replay)
    {
        const string Tensor = TypeSpec.TensorDisplay;
        var call = replay.Call!;
        var entries = replay.Text.Split(',');
        var stem = call.Name.Length == 0 ? "replay" : char.ToLowerInvariant(call.Name[0]) + call.Name.Substring(1);
        var inputs = _names.Fresh(stem + "Inputs");
        var output = _names.Fresh(stem + "Replay");

        // Argument 0 is the gradient, then the call's own arguments; the elements of replayed arrays come after them.
        var callArgs = replay.Args.Skip(1).Take(call.ParameterNames.Count).ToList();
        var args = callArgs.Select(a => Expression(a).Text).ToList();
        var arrays = new Dictionary<int, string[]>();
        var detached = new List<string>();
        for (var k = 0; k < entries.Length; k++)
        {
            var input = inputs + "[" + k.ToString(System.Globalization.CultureInfo.InvariantCulture) + "]";
            var parts = entries[k].Split('.');
            var index = int.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture);
            if (parts.Length == 1)
            {
                detached.Add(Paren(Expression(callArgs[index]), Primary) + ".Detach().RequiresGrad_()");
                args[index] = input;
                continue;
            }

            // An element of an array built in the method: the replay rebuilds the array around the detached input.
            var array = _byId[callArgs[index]];
            if (!arrays.TryGetValue(index, out var elements))
            {
                arrays[index] = elements = array.Args.Select(e => Expression(e).Text).ToArray();
            }

            var element = int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture);
            detached.Add(Paren(Expression(array.Args[element]), Primary) + ".Detach().RequiresGrad_()");
            elements[element] = input;
        }

        foreach (var pair in arrays)
        {
            args[pair.Key] = "new " + _byId[callArgs[pair.Key]].Text + "[] { " + string.Join(", ", pair.Value) + " }";
        }

        _w.Line($"// NOTE: no [DerivativeOf] rule for {call.Name} is visible here, so its gradient is replayed on the tape.");
        Map(replay.Location);
        _w.Line($"var {inputs} = new {Tensor}[] {{ {string.Join(", ", detached)} }};");
        _w.Line($"{Tensor} {output};");
        Map(replay.Location);
        _w.Line("using (global::AutoDiffGen.Autograd.EnableGrad())");
        Hide();
        _w.Line("{");
        _w.Indent();
        Map(replay.Location);
        _w.Line($"{output} = {CallText(call, args)};");
        Hide();
        _w.Close();
        _w.Line();
        Map(replay.Location);
        _w.Line($"var {NameOf(replay)} = global::AutoDiffGen.Autograd.Grad({output}, {inputs}, {Expression(replay.Args[0]).Text});");
    }

    private static string CallText(CallSpec call, List<string> args)
    {
        var receiver = string.Empty;
        if (call.IsInstance)
        {
            receiver = args[0] + ".";
            args = args.Skip(1).ToList();
        }

        return call.IsProperty ? receiver + call.Target : receiver + call.Target + "(" + string.Join(", ", args) + ")";
    }

    private void EmitBranch(Block block, EquatableArray<int> yields, List<Instr> phis)
    {
        EmitBlock(block);
        foreach (var phi in phis)
        {
            var index = int.Parse(phi.Text, System.Globalization.CultureInfo.InvariantCulture);
            Map(block.Instrs.Any(i => i.Id == yields[index]) ? _byId[yields[index]].Location : null);
            _w.Line(NameOf(phi) + " = " + Expression(yields[index]).Text + ";");
        }
    }

    private (string Text, int Precedence) Expression(int id, bool declaring = false)
    {
        // An in-place loop update already has its carried local's name; it is declared by computing it.
        if (!(declaring && _inPlace.Contains(id)) && _names.TryGet(id, out var name))
        {
            return (name, Primary);
        }

        var instr = _byId[id];
        if (!declaring && !IsInlined(instr))
        {
            return (NameOf(instr), Primary);
        }

        switch (instr.Op)
        {
            case OpCode.Constant:
                return (instr.Text, instr.Text.StartsWith("-", System.StringComparison.Ordinal) ? UnaryPrecedence : Primary);

            case OpCode.StaticMember:
                return (instr.Text, Primary);

            case OpCode.Binary:
            {
                var precedence = BinaryPrecedence(instr.Text);
                var left = Expression(instr.Args[0]);
                var right = Expression(instr.Args[1]);
                return (Paren(left, precedence) + " " + instr.Text + " " + Paren(right, precedence + 1), precedence);
            }

            case OpCode.Unary:
            {
                var operand = Expression(instr.Args[0]);
                var text = operand.Precedence < UnaryPrecedence || operand.Text.StartsWith("-", System.StringComparison.Ordinal)
                    ? "(" + operand.Text + ")"
                    : operand.Text;
                return (instr.Text + text, UnaryPrecedence);
            }

            case OpCode.Convert:
                return ("(" + instr.Type.Display + ")" + Paren(Expression(instr.Args[0]), Primary), UnaryPrecedence);

            case OpCode.Select:
                return (
                    Paren(Expression(instr.Args[0]), Conditional + 1) + " ? " + Paren(Expression(instr.Args[1]), Conditional + 1) + " : "
                    + Paren(Expression(instr.Args[2]), Conditional),
                    Conditional);

            case OpCode.Field:
                return (Paren(Expression(instr.Args[0]), Primary) + "." + instr.Text, Primary);

            case OpCode.Call:
            {
                var args = instr.Args.Select(a => Expression(a).Text).ToList();
                if (instr.Call!.IsInstance)
                {
                    args[0] = Paren(Expression(instr.Args[0]), Primary);
                }

                return (CallText(instr.Call, args), Primary);
            }

            case OpCode.Element:
            {
                // NOTE: no gradient means the call computed outside the tape; a silent zero would hide that.
                var callee = _byId[instr.Args[0]].Call!.Name;
                var message = $"Replaying {callee} on the tape gave no gradient for its input: {callee} does not record its computation. Give it a [DerivativeOf] rule.";
                return (
                    Expression(instr.Args[0]).Text + "[" + instr.Text + "] ?? throw new global::System.InvalidOperationException("
                    + SymbolDisplay.FormatLiteral(message, quote: true) + ")",
                    Conditional);
            }

            case OpCode.ArrayCreation:
                return instr.Args.Count == 0
                    ? ("global::System.Array.Empty<" + instr.Text + ">()", Primary)
                    : ("new " + instr.Text + "[] { " + string.Join(", ", instr.Args.Select(a => Expression(a).Text)) + " }", Primary);

            case OpCode.ArrayElement:
                return (Paren(Expression(instr.Args[0]), Primary) + "[" + Expression(instr.Args[1]).Text + "]", Primary);

            case OpCode.Restore:
                return (Expression(instr.Args[0]).Text + "[" + IterationIndex(instr.Args[1]) + "]", Primary);

            case OpCode.ObjectCreation:
                return ("new " + instr.Text + "(" + string.Join(", ", instr.Args.Select(a => Expression(a).Text)) + ")", Primary);

            default:
                return (NameOf(instr), Primary);
        }
    }

    private static string Paren((string Text, int Precedence) operand, int minimum) =>
        operand.Precedence < minimum ? "(" + operand.Text + ")" : operand.Text;

    private static int BinaryPrecedence(string op) => op switch
    {
        "*" or "/" or "%" => 7,
        "+" or "-" => 6,
        "<" or ">" or "<=" or ">=" or "is" => 5,
        "==" or "!=" => 4,
        "&&" => 3,
        "||" => 2,
        _ => 1,
    };
}
