namespace AutoDiffGen.Analyzers.Shared;

/// <summary>How a call inside a <c>[Differentiable]</c> method gets its derivative (the generator's order of preference).</summary>
internal enum CalleeKind
{
    /// <summary>No derivative known: fine while no differentiable value flows in.</summary>
    Plain,

    /// <summary>A <c>System.Math</c>/<c>System.MathF</c> function with a built-in rule.</summary>
    Builtin,

    /// <summary><c>Differentiation.WithoutDerivative</c>.</summary>
    WithoutDerivative,

    /// <summary>A <c>[DerivativeOf]</c> rule binds to the callee.</summary>
    Rule,

    /// <summary>A <c>[Differentiable]</c> method in this compilation whose backward the generator will write, if its own body is supported.</summary>
    Differentiable,
}
