namespace AutoDiffGen.Generators.Model;

/// <summary>How a call is differentiated.</summary>
internal enum CallKind
{
    /// <summary>No derivative known: fine while no differentiable value flows in.</summary>
    Plain,

    /// <summary>A <c>System.Math</c>/<c>System.MathF</c> function from the generator's built-in rule table.</summary>
    Builtin,

    /// <summary>A function with <c>[DerivativeOf]</c> rules, or another <c>[Differentiable]</c> method.</summary>
    Rule,

    /// <summary><c>Differentiation.WithoutDerivative(x)</c>: the value passes, the gradient does not.</summary>
    WithoutDerivative,

    /// <summary>
    /// A function marked <c>[NoDerivative]</c>: its result is a constant whatever its arguments (creation ops such as
    /// <c>ZerosLike</c> read only their input's shape and dtype), so no gradient flows back through it.
    /// </summary>
    NoDerivative,

    /// <summary>An op's <c>IElementwiseOperator</c> applied to one element (fused kernels only): <c>Target</c> is the struct.</summary>
    Operator,

    /// <summary>That operator's derivative at one element, given the element and the result (fused kernels only).</summary>
    OperatorDerivative,
}
