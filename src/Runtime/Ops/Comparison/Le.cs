using AutoDiffGen.Kernels;

namespace AutoDiffGen;

public sealed partial class Tensor
{
    /// <summary>Elementwise <paramref name="a"/> &lt;= <paramref name="b"/> with broadcasting, as a <see cref="DType.Bool"/> tensor (<c>torch.le</c>); not differentiable.</summary>
    [NoDerivative]
    public static Tensor Le(Tensor a, Tensor b) => CompareForward<LessThanOrEqualOperator>(nameof(Le), a, b);

    /// <summary>Elementwise <paramref name="a"/> &lt;= <paramref name="b"/> against a scalar, as a <see cref="DType.Bool"/> tensor (<c>torch.le</c>).</summary>
    [NoDerivative]
    public static Tensor Le(Tensor a, double b) => CompareForward<LessThanOrEqualOperator>(nameof(Le), a, ScalarOperandLike(b, a));

    /// <summary>Elementwise this &lt;= <paramref name="other"/>; see <see cref="Le(Tensor, Tensor)"/>.</summary>
    [NoDerivative]
    public Tensor Le(Tensor other) => Le(this, other);

    /// <summary>Elementwise this &lt;= <paramref name="other"/>; see <see cref="Le(Tensor, double)"/>.</summary>
    [NoDerivative]
    public Tensor Le(double other) => Le(this, other);

    /// <summary>Elementwise a &lt;= b as a bool tensor; see <see cref="Le(Tensor, Tensor)"/>.</summary>
    [NoDerivative]
    public static Tensor operator <=(Tensor a, Tensor b) => Le(a, b);

    /// <summary>Elementwise a &lt;= b as a bool tensor.</summary>
    [NoDerivative]
    public static Tensor operator <=(Tensor a, double b) => Le(a, b);

    /// <summary>Elementwise a &lt;= b as a bool tensor.</summary>
    [NoDerivative]
    public static Tensor operator <=(double a, Tensor b) => Ge(b, a);
}
