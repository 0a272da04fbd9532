using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using AutoDiffGen.Generators.Emit;
using AutoDiffGen.Generators.Lower;
using AutoDiffGen.Generators.Model;

namespace AutoDiffGen.Generators.Fuse;

/// <summary>
/// One IR function (a scalar forward or reverse sweep) as a straight-line program over blocks of elements: every
/// instruction becomes one <c>FusedMath&lt;T&gt;</c> call (an op's operator struct through <c>Apply</c>/<c>Derivative</c>), or stays a scalar expression when it reads only constants and
/// uniform parameters. Branches are flattened: both sides are computed and a select picks per element, and gradient
/// contributions made inside a branch are selected by the branch's condition before they are added, so the side not
/// taken (even a NaN there) never reaches a result. Scratch blocks are reused once their value is dead.
/// </summary>
internal sealed class KernelProgram
{
    private readonly IReadOnlyDictionary<string, ParameterRole> _roles;
    private readonly Dictionary<int, KernelValue> _values = new();
    private readonly Dictionary<int, (Instr Region, KernelValue Condition)> _regions = new();
    private readonly Dictionary<string, KernelValue> _pathMasks = new(StringComparer.Ordinal);
    private readonly Dictionary<KernelValue, int> _conditionIds = new();
    private readonly NameAllocator _displayNames = new();
    private string _source = string.Empty;

    private KernelProgram(IReadOnlyDictionary<string, ParameterRole> roles) => _roles = roles;

    /// <summary>The calls, in order.</summary>
    public List<KernelStep> Steps { get; } = new();

    /// <summary>Tensor inputs read, by input index (the upstream gradient is <see cref="GradIndex"/>), with their C# local.</summary>
    public SortedDictionary<int, string> Inputs { get; } = new();

    /// <summary>Uniform parameters read, by name.</summary>
    public SortedSet<string> Uniforms { get; } = new(StringComparer.Ordinal);

    /// <summary>The outputs: chunk output index and C# local.</summary>
    public List<(int Index, string Local)> Outputs { get; } = new();

    /// <summary>Scratch blocks the program needs.</summary>
    public int ScratchCount { get; private set; }

    /// <summary>The input index standing for the upstream gradient.</summary>
    public const int GradIndex = int.MaxValue;

    /// <summary>
    /// Builds the program of <paramref name="function"/>, or null when it uses anything without a blockwise form.
    /// <paramref name="outputs"/> names each of the function's outputs: the chunk output it goes to and its local.
    /// </summary>
    public static KernelProgram? Build(IrFunction function, IReadOnlyDictionary<string, ParameterRole> roles, Func<IrOutput, (int Index, string Local)> outputs)
    {
        try
        {
            var program = new KernelProgram(roles);

            // Output locals (result, dx) are taken first, so an intermediate is never called like an output in a comment.
            foreach (var output in function.Outputs)
            {
                program._displayNames.Reserve(outputs(output).Local);
            }

            program.Walk(function.Body, new List<(KernelValue, bool)>());
            program.Finish(function.Outputs, outputs);
            program.Allocate();
            return program;
        }
        catch (NotSupportedException)
        {
            return null;
        }
        catch (KeyNotFoundException)
        {
            return null;
        }
    }

    private void Walk(Block block, List<(KernelValue Condition, bool Negated)> path)
    {
        foreach (var instr in block.Instrs)
        {
            if (instr.Source.Length > 0)
            {
                _source = instr.Source;
            }

            Visit(instr, path);
        }
    }

    private void Visit(Instr instr, List<(KernelValue Condition, bool Negated)> path)
    {
        switch (instr.Op)
        {
            case OpCode.Parameter:
                _values[instr.Id] = Parameter(instr.Text);
                break;

            case OpCode.Constant:
                _values[instr.Id] = Uniform(ConstantText(instr.Text), instr.Text);
                break;

            case OpCode.StaticMember:
                _values[instr.Id] = Uniform("T.CreateTruncating(" + instr.Text + ")", instr.Text.Substring(instr.Text.LastIndexOf('.') + 1));
                break;

            case OpCode.Convert when instr.Type.IsScalar && IsNumeric(instr.Args[0]):
                // NOTE: a kernel computes in the tensor's precision, so float <-> double conversions are no-ops.
                _values[instr.Id] = Value(instr.Args[0]);
                break;

            case OpCode.Call when instr.Call is { Kind: CallKind.WithoutDerivative }:
                _values[instr.Id] = Value(instr.Args[0]);
                break;

            case OpCode.Call when instr.Call is { Kind: CallKind.Builtin } call:
                _values[instr.Id] = MathCall(instr, call.Name);
                break;

            case OpCode.Call when instr.Call is { Kind: CallKind.Operator } call:
                // The op's operator struct, as it declares itself: its span form here, its vector form on the register path.
                _values[instr.Id] = Step("Apply<" + call.Target + ">", instr, KernelValueKind.Block, call.Name + "(" + Show(Value(instr.Args[0])) + ")", Span(Value(instr.Args[0])));
                break;

            case OpCode.Call when instr.Call is { Kind: CallKind.OperatorDerivative } call:
                _values[instr.Id] = Step(
                    "Derivative<" + call.Target + ">",
                    instr,
                    KernelValueKind.Block,
                    call.Name + "(" + Show(Value(instr.Args[0])) + ", " + Show(Value(instr.Args[1])) + ")",
                    Span(Value(instr.Args[0])),
                    Span(Value(instr.Args[1])));
                break;

            case OpCode.Call when instr.Call is { Kind: CallKind.Plain, Name: "Sign" } call && call.Target.EndsWith(".Sign", StringComparison.Ordinal) && call.Target.StartsWith("global::System.Math", StringComparison.Ordinal):
                _values[instr.Id] = MathCall(instr, "Sign");
                break;

            case OpCode.Binary:
                _values[instr.Id] = Binary(instr);
                break;

            case OpCode.Unary when instr.Text == "-":
            {
                var x = Value(instr.Args[0]);
                _values[instr.Id] = x.Kind == KernelValueKind.Uniform
                    ? Uniform("(-" + x.Text + ")", "-" + x.Display)
                    : Step("Negate", instr, KernelValueKind.Block, "-" + Show(x), Span(x));
                break;
            }

            case OpCode.Unary when instr.Text == "!":
                _values[instr.Id] = Step("Not", instr, KernelValueKind.Mask, "!" + Show(Value(instr.Args[0])), Mask(Value(instr.Args[0])));
                break;

            case OpCode.Select:
                _values[instr.Id] = Select(instr, Mask(Value(instr.Args[0])), Value(instr.Args[1]), Value(instr.Args[2]));
                break;

            case OpCode.If:
            {
                var condition = Mask(Value(instr.Args[0]));
                _regions[instr.Id] = (instr, condition);
                Walk(instr.Then!, new List<(KernelValue, bool)>(path) { (condition, false) });
                Walk(instr.Else!, new List<(KernelValue, bool)>(path) { (condition, true) });
                break;
            }

            case OpCode.Phi:
            {
                var (region, condition) = _regions[instr.Args[0]];
                var index = int.Parse(instr.Text, CultureInfo.InvariantCulture);
                _values[instr.Id] = Select(instr, condition, Value(region.ThenYields[index]), Value(region.ElseYields[index]));
                break;
            }

            case OpCode.VarDecl:
            {
                var initial = Value(instr.Args[0]);
                var accumulator = NewValue(KernelValueKind.Block, instr);
                AddStep(initial.Kind == KernelValueKind.Uniform ? "Fill" : "Copy", accumulator, accumulator.Display + " = " + Show(initial), Span(initial, allowUniform: true));
                _values[instr.Id] = accumulator;
                break;
            }

            case OpCode.VarAdd:
            {
                var accumulator = Value(instr.Args[0]);
                var term = Value(instr.Args[1]);
                if (path.Count == 0)
                {
                    AddStep("Add", accumulator, accumulator.Display + " += " + Show(term), accumulator, term);
                    break;
                }

                // Inside a branch: only the elements that took it contribute.
                var mask = PathMask(path);
                var picked = new KernelValue { Kind = KernelValueKind.Block, Display = accumulator.Display + "Term" };
                AddStep("Select", picked, picked.Display + " = " + mask.Display + " ? " + Show(term) + " : 0", mask, term, Uniform("T.Zero", "0"));
                AddStep("Add", accumulator, accumulator.Display + " += " + picked.Display, accumulator, picked);
                break;
            }

            default:
                throw new NotSupportedException(instr.Op.ToString());
        }
    }

    private bool IsNumeric(int id) => _values.TryGetValue(id, out var value) && value.Kind != KernelValueKind.Mask;

    private KernelValue Value(int id) => _values[id];

    private KernelValue Parameter(string name)
    {
        if (!_roles.TryGetValue(name, out var role))
        {
            if (name != "grad")
            {
                throw new NotSupportedException(name);
            }

            Inputs[GradIndex] = "grad";
            _displayNames.Reserve("grad");
            return new KernelValue { Kind = KernelValueKind.Input, Text = "grad", Display = "grad" };
        }

        _displayNames.Reserve(name);
        if (role.IsVarying)
        {
            Inputs[role.Index] = name;
            return new KernelValue { Kind = KernelValueKind.Input, Text = name, Display = name };
        }

        Uniforms.Add(name);
        return Uniform(name, name);
    }

    private static KernelValue Uniform(string text, string display) => new() { Kind = KernelValueKind.Uniform, Text = text, Display = display };

    private static string ConstantText(string literal)
    {
        if (literal is "true" or "false")
        {
            throw new NotSupportedException("a uniform condition");
        }

        if (!Literals.TryParse(literal, out var value))
        {
            return "T.CreateTruncating(" + literal + ")";
        }

        return value switch
        {
            0 => "T.Zero",
            1 => "T.One",
            _ => "T.CreateTruncating(" + Literals.FormatDouble(value) + ")",
        };
    }

    private static readonly HashSet<string> UnaryMath = new(StringComparer.Ordinal)
    {
        "Exp", "Log", "Log10", "Log2", "Sqrt", "Cbrt", "Sin", "Cos", "Tan", "Asin", "Acos", "Atan", "Sinh", "Cosh", "Tanh", "Abs",
    };

    private KernelValue MathCall(Instr instr, string name)
    {
        var args = instr.Args.Select(Value).ToList();
        var display = name + "(" + string.Join(", ", args.Select(Show)) + ")";
        if (args.All(a => a.Kind == KernelValueKind.Uniform))
        {
            var text = "T." + name + "(" + string.Join(", ", args.Select(a => a.Text)) + ")";
            return Uniform(name == "Sign" ? "T.CreateTruncating(" + text + ")" : text, display);
        }

        if ((UnaryMath.Contains(name) || name == "Sign") && args.Count == 1)
        {
            return Step(name, instr, KernelValueKind.Block, display, Span(args[0]));
        }

        if (args.Count != 2 || args.Any(a => a.Kind == KernelValueKind.Mask))
        {
            throw new NotSupportedException(name);
        }

        switch (name)
        {
            case "Pow":
                return Step(name, instr, KernelValueKind.Block, display, args[0], args[1]);
            case "Max":
            case "Min":
                // Both operand orders give the same value, so a uniform goes second, where the overload takes it.
                return Step(name, instr, KernelValueKind.Block, display, args[0].Kind == KernelValueKind.Uniform ? args[1] : args[0], args[0].Kind == KernelValueKind.Uniform ? args[0] : args[1]);
            default:
                throw new NotSupportedException(name);
        }
    }

    private static readonly Dictionary<string, (string Name, string Flipped)> Comparisons = new(StringComparer.Ordinal)
    {
        [">"] = ("GreaterThan", "LessThan"),
        [">="] = ("GreaterThanOrEqual", "LessThanOrEqual"),
        ["<"] = ("LessThan", "GreaterThan"),
        ["<="] = ("LessThanOrEqual", "GreaterThanOrEqual"),
        ["=="] = ("Equal", "Equal"),
        ["!="] = ("NotEqual", "NotEqual"),
    };

    private KernelValue Binary(Instr instr)
    {
        var a = Value(instr.Args[0]);
        var b = Value(instr.Args[1]);
        var op = instr.Text;
        var display = Show(a) + " " + op + " " + Show(b);
        if (op is "&&" or "||")
        {
            return Step(op == "&&" ? "And" : "Or", instr, KernelValueKind.Mask, display, Mask(a), Mask(b));
        }

        if (a.Kind == KernelValueKind.Mask || b.Kind == KernelValueKind.Mask)
        {
            throw new NotSupportedException("arithmetic on a condition");
        }

        if (Comparisons.TryGetValue(op, out var comparison))
        {
            if (a.Kind == KernelValueKind.Uniform && b.Kind == KernelValueKind.Uniform)
            {
                throw new NotSupportedException("a uniform condition");
            }

            return a.Kind == KernelValueKind.Uniform
                ? Step(comparison.Flipped, instr, KernelValueKind.Mask, display, b, a)
                : Step(comparison.Name, instr, KernelValueKind.Mask, display, a, b);
        }

        var name = op switch
        {
            "+" => "Add",
            "-" => "Subtract",
            "*" => "Multiply",
            "/" => "Divide",
            _ => throw new NotSupportedException(op),
        };

        if (a.Kind == KernelValueKind.Uniform && b.Kind == KernelValueKind.Uniform)
        {
            return Uniform("(" + a.Text + " " + op + " " + b.Text + ")", "(" + display + ")");
        }

        // Add and Multiply take a uniform second only; Subtract and Divide have both forms.
        var swap = a.Kind == KernelValueKind.Uniform && op is "+" or "*";
        return Step(name, instr, KernelValueKind.Block, display, swap ? b : a, swap ? a : b);
    }

    private KernelValue Select(Instr instr, KernelValue condition, KernelValue whenTrue, KernelValue whenFalse)
    {
        if (whenTrue == whenFalse)
        {
            return whenTrue;
        }

        var isMask = whenTrue.Kind == KernelValueKind.Mask || whenFalse.Kind == KernelValueKind.Mask;
        if (isMask && (whenTrue.Kind != KernelValueKind.Mask || whenFalse.Kind != KernelValueKind.Mask))
        {
            throw new NotSupportedException("a select between a condition and a number");
        }

        return Step("Select", instr, isMask ? KernelValueKind.Mask : KernelValueKind.Block, condition.Display + " ? " + Show(whenTrue) + " : " + Show(whenFalse), condition, whenTrue, whenFalse);
    }

    /// <summary>The mask of the elements that take every branch on <paramref name="path"/>, computed once per path.</summary>
    private KernelValue PathMask(List<(KernelValue Condition, bool Negated)> path)
    {
        KernelValue? mask = null;
        var key = string.Empty;
        foreach (var (condition, negated) in path)
        {
            if (!_conditionIds.TryGetValue(condition, out var id))
            {
                _conditionIds[condition] = id = _conditionIds.Count;
            }

            key += (negated ? "!" : "+") + id.ToString(CultureInfo.InvariantCulture) + ";";
            if (_pathMasks.TryGetValue(key, out var known))
            {
                mask = known;
                continue;
            }

            var level = condition;
            if (negated)
            {
                level = new KernelValue { Kind = KernelValueKind.Mask, Display = "!" + condition.Display };
                AddStep("Not", level, level.Display + " (the else branch)", condition);
            }

            if (mask is not null)
            {
                var both = new KernelValue { Kind = KernelValueKind.Mask, Display = "(" + mask.Display + " && " + level.Display + ")" };
                AddStep("And", both, both.Display, mask, level);
                level = both;
            }

            _pathMasks[key] = mask = level;
        }

        return mask!;
    }

    private static KernelValue Span(KernelValue value, bool allowUniform = false) =>
        value.Kind == KernelValueKind.Mask || (value.Kind == KernelValueKind.Uniform && !allowUniform)
            ? throw new NotSupportedException("a block operand")
            : value;

    private static KernelValue Mask(KernelValue value) =>
        value.Kind == KernelValueKind.Mask ? value : throw new NotSupportedException("a condition that is not per element");

    private KernelValue NewValue(KernelValueKind kind, Instr instr) => new()
    {
        Kind = kind,
        Display = _displayNames.Allocate(instr.Id, instr.Name.Length > 0 ? instr.Name : Naming.Fallback(instr)),
    };

    private KernelValue Step(string operation, Instr instr, KernelValueKind kind, string expression, params KernelValue[] args)
    {
        var destination = NewValue(kind, instr);
        AddStep(operation, destination, destination.Display + " = " + expression, args);
        return destination;
    }

    private void AddStep(string operation, KernelValue destination, string comment, params KernelValue[] args) =>
        Steps.Add(new KernelStep(operation, args, destination, comment, _source));

    /// <summary>How a value reads inside a comment: uniforms by their expression, the rest by name.</summary>
    private static string Show(KernelValue value) => value.Display;

    /// <summary>Routes each result to its output: computed blocks are written there directly, anything else copied.</summary>
    private void Finish(EquatableArray<IrOutput> outputs, Func<IrOutput, (int Index, string Local)> describe)
    {
        foreach (var output in outputs)
        {
            var (index, local) = describe(output);
            Outputs.Add((index, local));
            var value = Value(output.Value);
            if (value.Kind == KernelValueKind.Block && value.Output < 0)
            {
                // Written straight to the output: the comments call it by the output's name.
                var named = new System.Text.RegularExpressions.Regex(@"\b" + System.Text.RegularExpressions.Regex.Escape(value.Display) + @"\b");
                for (var i = 0; i < Steps.Count; i++)
                {
                    Steps[i] = Steps[i] with { Comment = named.Replace(Steps[i].Comment, local) };
                }

                value.Output = index;
                value.Text = local;
                value.Display = local;
                continue;
            }

            if (value.Kind == KernelValueKind.Mask)
            {
                throw new NotSupportedException("a condition as a result");
            }

            var destination = new KernelValue { Kind = KernelValueKind.Block, Output = index, Text = local, Display = local };
            _source = "result";
            AddStep(value.Kind == KernelValueKind.Uniform ? "Fill" : "Copy", destination, local + " = " + Show(value), value);
        }
    }

    /// <summary>Gives every scratch value a block, reusing blocks whose value is dead (a call may write over its own operand).</summary>
    private void Allocate()
    {
        var lastUse = new Dictionary<KernelValue, int>();
        for (var i = 0; i < Steps.Count; i++)
        {
            foreach (var value in Steps[i].Args.Append(Steps[i].Destination))
            {
                lastUse[value] = i;
            }
        }

        var free = new SortedSet<int>();
        for (var i = 0; i < Steps.Count; i++)
        {
            var step = Steps[i];
            var dying = step.Args.Where(a => a.NeedsSlot && a != step.Destination && lastUse[a] == i).Distinct().ToList();
            if (step.Destination.NeedsSlot && step.Destination.Slot < 0)
            {
                if (dying.FirstOrDefault(a => a.Slot >= 0) is { } reused)
                {
                    step.Destination.Slot = reused.Slot;
                    dying.Remove(reused);
                }
                else if (free.Count > 0)
                {
                    step.Destination.Slot = free.Min;
                    free.Remove(free.Min);
                }
                else
                {
                    step.Destination.Slot = ScratchCount++;
                }
            }

            foreach (var value in dying)
            {
                free.Add(value.Slot);
            }

            if (step.Destination.NeedsSlot && lastUse[step.Destination] == i && !free.Contains(step.Destination.Slot))
            {
                free.Add(step.Destination.Slot);
            }
        }

        foreach (var value in lastUse.Keys.Where(v => v.NeedsSlot))
        {
            value.Text = "t" + value.Slot.ToString(CultureInfo.InvariantCulture);
        }
    }
}
