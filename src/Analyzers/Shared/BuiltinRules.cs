using System.Collections.Generic;

namespace AutoDiffGen.Analyzers.Shared;

/// <summary>The <c>System.Math</c>/<c>System.MathF</c> functions (name and arity) the generator differentiates without a rule.</summary>
internal static class BuiltinRules
{
    private static readonly HashSet<string> Unary = new()
    {
        "Abs", "Acos", "Asin", "Atan", "Cbrt", "Cos", "Cosh", "Exp", "Log", "Log10", "Log2", "Sin", "Sinh", "Sqrt", "Tan", "Tanh",
    };

    private static readonly HashSet<string> Binary = new() { "Atan2", "Max", "Min", "Pow" };

    public static bool IsBuiltin(string name, int arity) =>
        arity == 1 ? Unary.Contains(name) : arity == 2 && Binary.Contains(name);
}
