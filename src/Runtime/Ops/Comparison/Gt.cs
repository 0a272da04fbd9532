using AutoDiffGen.Kernels;

namespace AutoDiffGen;

public sealed partial class Tensor
{
    /// <summary>Elementwise <paramref name="a"/> &gt; <paramref name="b"/> with broadcasting, as a <see cref="DType.Bool"/> tensor (<c>torch.gt</c>); not differentiable.</summary>
    [NoDerivative]
    public static Tensor Gt(Tensor a, Tensor b) => CompareForward<GreaterThanOperator>(nameof(Gt), a, b);

    /// <summary>Elementwise <paramref name="a"/> &gt; <paramref name="b"/> against a scalar, as a <see cref="DType.Bool"/> tensor (<c>torch.gt</c>).</summary>
    [NoDerivative]
    public static Tensor Gt(Tensor a, double b) => CompareForward<GreaterThanOperator>(nameof(Gt), a, ScalarOperandLike(b, a));

    /// <summary>Elementwise this &gt; <paramref name="other"/>; see <see cref="Gt(Tensor, Tensor)"/>.</summary>
    [NoDerivative]
    public Tensor Gt(Tensor other) => Gt(this, other);

    /// <summary>Elementwise this &gt; <paramref name="other"/>; see <see cref="Gt(Tensor, double)"/>.</summary>
    [NoDerivative]
    public Tensor Gt(double other) => Gt(this, other);

    /// <summary>Elementwise a &gt; b as a bool tensor; see <see cref="Gt(Tensor, Tensor)"/>.</summary>
    [NoDerivative]
    public static Tensor operator >(Tensor a, Tensor b) => Gt(a, b);

    /// <summary>Elementwise a &gt; b as a bool tensor.</summary>
    [NoDerivative]
    public static Tensor operator >(Tensor a, double b) => Gt(a, b);

    /// <summary>Elementwise a &gt; b as a bool tensor.</summary>
    [NoDerivative]
    public static Tensor operator >(double a, Tensor b) => Lt(b, a);
}
