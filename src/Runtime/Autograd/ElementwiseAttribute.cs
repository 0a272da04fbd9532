namespace AutoDiffGen;

/// <summary>
/// Declares the tensor function it marks as elementwise: its result has its tensor input's shape, and element i of the
/// result depends on element i of the input only. The source generator reads this fact (from source or from a referenced
/// assembly) instead of keeping a list of op names: a <c>[Differentiable]</c> method that calls the op needs no
/// <c>ReduceGrad</c> for it, and fuses through the op's per-element form.
/// </summary>
/// <remarks>
/// The per-element form is either an operator struct (<see cref="Operator"/>, an
/// <see cref="IElementwiseOperator{TSelf}"/>) or a <c>System.Math</c> function of the same meaning
/// (<see cref="MathFunction"/>, differentiated by the generator's built-in scalar rules). With an operator, a
/// <c>static partial</c> declaration without a body gets its body generated: the forward runs the operator over the
/// tensor and records one tape node whose backward calls the op's <c>[DerivativeOf]</c> rule.
/// <code>
/// [Elementwise(typeof(SoftsignOperator))]
/// public static partial Tensor Softsign(Tensor x);
///
/// [DerivativeOf(nameof(Softsign))]
/// public static Tensor SoftsignBackward(Tensor grad, Tensor x) => grad / ((1.0 + Tensor.Abs(x)) * (1.0 + Tensor.Abs(x)));
/// </code>
/// </remarks>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class ElementwiseAttribute : Attribute
{
    /// <summary>Declares an elementwise function with no per-element form (it keeps its input's shape, it does not fuse).</summary>
    public ElementwiseAttribute()
    {
    }

    /// <summary>Declares an elementwise function whose per-element form is <paramref name="operatorType"/>.</summary>
    /// <param name="operatorType">A struct implementing <see cref="IElementwiseOperator{TSelf}"/>.</param>
    public ElementwiseAttribute(Type operatorType) => Operator = operatorType;

    /// <summary>The operator struct (an <see cref="IElementwiseOperator{TSelf}"/>) computing the function per element.</summary>
    public Type? Operator { get; }

    /// <summary>
    /// The name of the <c>System.Math</c> function computing the function per element (<c>nameof(Math.Exp)</c>), when
    /// there is one with the same arguments.
    /// </summary>
    public string? MathFunction { get; set; }
}
