using AutoDiffGen.Kernels;

namespace AutoDiffGen;

public sealed partial class Tensor
{
    /// <summary>Elementwise <paramref name="a"/> != <paramref name="b"/> with broadcasting, as a <see cref="DType.Bool"/> tensor (<c>torch.ne</c>); not differentiable.</summary>
    [NoDerivative]
    public static Tensor Ne(Tensor a, Tensor b) => CompareForward<NotEqualOperator>(nameof(Ne), a, b);

    /// <summary>Elementwise <paramref name="a"/> != <paramref name="b"/> against a scalar, as a <see cref="DType.Bool"/> tensor (<c>torch.ne</c>).</summary>
    [NoDerivative]
    public static Tensor Ne(Tensor a, double b) => CompareForward<NotEqualOperator>(nameof(Ne), a, ScalarOperandLike(b, a));

    /// <summary>Elementwise this != <paramref name="other"/>; see <see cref="Ne(Tensor, Tensor)"/>.</summary>
    [NoDerivative]
    public Tensor Ne(Tensor other) => Ne(this, other);

    /// <summary>Elementwise this != <paramref name="other"/>; see <see cref="Ne(Tensor, double)"/>.</summary>
    [NoDerivative]
    public Tensor Ne(double other) => Ne(this, other);
}
