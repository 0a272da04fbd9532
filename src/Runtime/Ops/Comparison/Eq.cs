using AutoDiffGen.Kernels;

namespace AutoDiffGen;

public sealed partial class Tensor
{
    /// <summary>Elementwise equality of <paramref name="a"/> and <paramref name="b"/> with broadcasting, as a <see cref="DType.Bool"/> tensor (<c>torch.eq</c>); not differentiable.</summary>
    /// <remarks>C#'s <c>==</c> on two tensors stays reference equality (tensors are objects and dictionary keys); use this method for values.</remarks>
    [NoDerivative]
    public static Tensor Eq(Tensor a, Tensor b) => CompareForward<EqualOperator>(nameof(Eq), a, b);

    /// <summary>Elementwise <paramref name="a"/> == <paramref name="b"/> against a scalar, as a <see cref="DType.Bool"/> tensor (<c>torch.eq</c>).</summary>
    [NoDerivative]
    public static Tensor Eq(Tensor a, double b) => CompareForward<EqualOperator>(nameof(Eq), a, ScalarOperandLike(b, a));

    /// <summary>Elementwise this == <paramref name="other"/>; see <see cref="Eq(Tensor, Tensor)"/>.</summary>
    [NoDerivative]
    public Tensor Eq(Tensor other) => Eq(this, other);

    /// <summary>Elementwise this == <paramref name="other"/>; see <see cref="Eq(Tensor, double)"/>.</summary>
    [NoDerivative]
    public Tensor Eq(double other) => Eq(this, other);
}
