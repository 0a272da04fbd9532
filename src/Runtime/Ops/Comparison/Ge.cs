using AutoDiffGen.Kernels;

namespace AutoDiffGen;

public sealed partial class Tensor
{
    /// <summary>Elementwise <paramref name="a"/> &gt;= <paramref name="b"/> with broadcasting, as a <see cref="DType.Bool"/> tensor (<c>torch.ge</c>); not differentiable.</summary>
    [NoDerivative]
    public static Tensor Ge(Tensor a, Tensor b) => CompareForward<GreaterThanOrEqualOperator>(nameof(Ge), a, b);

    /// <summary>Elementwise <paramref name="a"/> &gt;= <paramref name="b"/> against a scalar, as a <see cref="DType.Bool"/> tensor (<c>torch.ge</c>).</summary>
    [NoDerivative]
    public static Tensor Ge(Tensor a, double b) => CompareForward<GreaterThanOrEqualOperator>(nameof(Ge), a, ScalarOperandLike(b, a));

    /// <summary>Elementwise this &gt;= <paramref name="other"/>; see <see cref="Ge(Tensor, Tensor)"/>.</summary>
    [NoDerivative]
    public Tensor Ge(Tensor other) => Ge(this, other);

    /// <summary>Elementwise this &gt;= <paramref name="other"/>; see <see cref="Ge(Tensor, double)"/>.</summary>
    [NoDerivative]
    public Tensor Ge(double other) => Ge(this, other);

    /// <summary>Elementwise a &gt;= b as a bool tensor; see <see cref="Ge(Tensor, Tensor)"/>.</summary>
    [NoDerivative]
    public static Tensor operator >=(Tensor a, Tensor b) => Ge(a, b);

    /// <summary>Elementwise a &gt;= b as a bool tensor.</summary>
    [NoDerivative]
    public static Tensor operator >=(Tensor a, double b) => Ge(a, b);

    /// <summary>Elementwise a &gt;= b as a bool tensor.</summary>
    [NoDerivative]
    public static Tensor operator >=(double a, Tensor b) => Le(b, a);
}
