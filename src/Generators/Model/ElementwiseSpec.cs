namespace AutoDiffGen.Generators.Model;

/// <summary>
/// What a callee's <c>[Elementwise]</c> attribute declares: it keeps its tensor input's shape, and its per-element form
/// is an operator struct or a <c>System.Math</c> function (or neither: it does not fuse).
/// </summary>
/// <param name="Operator">The qualified <c>IElementwiseOperator</c> struct, or empty.</param>
/// <param name="MathFunction">The <c>System.Math</c> function of the same meaning, or empty.</param>
internal sealed record ElementwiseSpec(string Operator, string MathFunction);
