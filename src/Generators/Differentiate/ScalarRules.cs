using System;
using System.Collections.Generic;
using AutoDiffGen.Generators.Lower;
using AutoDiffGen.Generators.Model;

namespace AutoDiffGen.Generators.Differentiate;

/// <summary>
/// The built-in rule table for <c>System.Math</c> and <c>System.MathF</c>: one line per function, written with the
/// forward result <c>y</c> wherever that saves recomputation (tanh' = 1 - y², exp' = y, sqrt' = 1 / 2y).
/// </summary>
internal static class ScalarRules
{
    private static readonly HashSet<string> Functions = new(StringComparer.Ordinal)
    {
        "Exp/1", "Log/1", "Log10/1", "Log2/1", "Sqrt/1", "Cbrt/1",
        "Sin/1", "Cos/1", "Tan/1", "Asin/1", "Acos/1", "Atan/1",
        "Sinh/1", "Cosh/1", "Tanh/1", "Abs/1", "Pow/2", "Max/2", "Min/2",
        "Atan2/2", "Log/2", "Clamp/3", "FusedMultiplyAdd/3",

        // Piecewise constant: zero derivative almost everywhere (PyTorch's round/floor/ceil/trunc give zero too).
        "Round/1", "Round/2", "Round/3", "Floor/1", "Ceiling/1", "Truncate/1",
    };

    public static bool IsBuiltin(string name, int arity) => Functions.Contains(name + "/" + arity.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>Adds the instructions of <paramref name="call"/>'s vector-Jacobian product and reports each input's contribution.</summary>
    public static void Apply(IrBuilder b, Instr call, int g, Func<int, bool> isActive, Action<int, int> contribute)
    {
        var type = call.Type;
        var x = call.Args[0];
        var y = call.Id;
        var math = type.Kind == ValueKind.Single ? "global::System.MathF" : "global::System.Math";
        int Mul(int l, int r) => b.Binary("*", type, l, r);
        int Div(int l, int r) => b.Binary("/", type, l, r);
        int Add(int l, int r) => b.Binary("+", type, l, r);
        int Sub(int l, int r) => b.Binary("-", type, l, r);
        int C(double value) => b.Constant(value, type);
        int Math(string name, params int[] args) => b.Add(
            OpCode.Call,
            type,
            args.ToEquatableArray(),
            name,
            new CallSpec(CallKind.Builtin, name, math + "." + name, false, false, EquatableArray<string>.Empty, EquatableArray<RuleSpec>.Empty, IsPure: true));

        switch (call.Call!.Name)
        {
            case "Exp": contribute(x, Mul(g, y)); break;
            case "Log" when call.Args.Count == 1: contribute(x, Div(g, x)); break;
            case "Log":
            {
                // log_b(a) = ln a / ln b: d/da = 1 / (a ln b); d/db = -ln a / (b ln² b) = -y / (b ln b).
                var logBase = Math("Log", call.Args[1]);
                if (isActive(x))
                {
                    contribute(x, Div(g, Mul(x, logBase)));
                }

                if (isActive(call.Args[1]))
                {
                    contribute(call.Args[1], b.Negate(Div(Mul(g, y), Mul(call.Args[1], logBase))));
                }

                break;
            }

            case "Atan2":
            {
                // atan2(y, x): d/dy = x / (x² + y²), d/dx = -y / (x² + y²).
                var (first, second) = (call.Args[0], call.Args[1]);
                var norm = Add(Mul(first, first), Mul(second, second));
                if (isActive(first))
                {
                    contribute(first, Div(Mul(g, second), norm));
                }

                if (isActive(second))
                {
                    contribute(second, b.Negate(Div(Mul(g, first), norm)));
                }

                break;
            }

            case "FusedMultiplyAdd":
                if (isActive(call.Args[0])) contribute(call.Args[0], Mul(g, call.Args[1]));
                if (isActive(call.Args[1])) contribute(call.Args[1], Mul(g, call.Args[0]));
                if (isActive(call.Args[2])) contribute(call.Args[2], g);
                break;

            case "Clamp":
            {
                // Math.Clamp(value, min, max) returns min below min and max above max; the gradient goes to whichever it returned
                // (ties to value, as PyTorch's clamp).
                var (value, min, max) = (call.Args[0], call.Args[1], call.Args[2]);
                var below = b.Binary("<", TypeSpec.Bool, value, min);
                var above = b.Binary(">", TypeSpec.Bool, value, max);
                var zero = C(0);
                if (isActive(value))
                {
                    contribute(value, b.Add(OpCode.Select, type, EquatableArray.Of(below, zero, b.Add(OpCode.Select, type, EquatableArray.Of(above, zero, g)))));
                }

                if (isActive(min))
                {
                    contribute(min, b.Add(OpCode.Select, type, EquatableArray.Of(below, g, zero)));
                }

                if (isActive(max))
                {
                    contribute(max, b.Add(OpCode.Select, type, EquatableArray.Of(below, zero, b.Add(OpCode.Select, type, EquatableArray.Of(above, g, zero)))));
                }

                break;
            }

            case "Round" or "Floor" or "Ceiling" or "Truncate":
                // Zero derivative: nothing flows back.
                break;
            case "Log10": contribute(x, Div(g, Mul(x, C(2.302585092994046)))); break;
            case "Log2": contribute(x, Div(g, Mul(x, C(0.6931471805599453)))); break;
            case "Sqrt": contribute(x, Div(g, Mul(C(2), y))); break;
            case "Cbrt": contribute(x, Div(g, Mul(Mul(C(3), y), y))); break;
            case "Sin": contribute(x, Mul(g, Math("Cos", x))); break;
            case "Cos": contribute(x, b.Negate(Mul(g, Math("Sin", x)))); break;
            case "Tan": contribute(x, Mul(g, Add(C(1), Mul(y, y)))); break;
            case "Asin": contribute(x, Div(g, Math("Sqrt", Sub(C(1), Mul(x, x))))); break;
            case "Acos": contribute(x, b.Negate(Div(g, Math("Sqrt", Sub(C(1), Mul(x, x)))))); break;
            case "Atan": contribute(x, Div(g, Add(C(1), Mul(x, x)))); break;
            case "Sinh": contribute(x, Mul(g, Math("Cosh", x))); break;
            case "Cosh": contribute(x, Mul(g, Math("Sinh", x))); break;
            case "Tanh": contribute(x, Mul(g, Sub(C(1), Mul(y, y)))); break;
            case "Abs":
            {
                var sign = b.Add(
                    OpCode.Call,
                    TypeSpec.Int,
                    EquatableArray.Of(x),
                    "Sign",
                    new CallSpec(CallKind.Plain, "Sign", math + ".Sign", false, false, EquatableArray<string>.Empty, EquatableArray<RuleSpec>.Empty, IsPure: true));
                contribute(x, Mul(g, sign));
                break;
            }

            case "Pow":
            {
                var p = call.Args[1];
                if (isActive(x))
                {
                    contribute(x, Mul(Mul(g, p), Math("Pow", x, Sub(p, C(1)))));
                }

                if (isActive(p))
                {
                    contribute(p, Mul(Mul(g, y), Math("Log", x)));
                }

                break;
            }

            case "Max":
            case "Min":
            {
                // NOTE: ties send the whole gradient to the first argument, as the forward returns it.
                var first = call.Args[0];
                var second = call.Args[1];
                var picksFirst = b.Binary(call.Call.Name == "Max" ? ">=" : "<=", TypeSpec.Bool, first, second);
                var zero = C(0);
                contribute(first, b.Add(OpCode.Select, type, EquatableArray.Of(picksFirst, g, zero)));
                contribute(second, b.Add(OpCode.Select, type, EquatableArray.Of(picksFirst, zero, g)));
                break;
            }

            default:
                throw new NotSupportedException(call.Call.Name);
        }
    }
}
