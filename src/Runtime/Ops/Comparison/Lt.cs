using AutoDiffGen.Kernels;

namespace AutoDiffGen;

public sealed partial class Tensor
{
    /// <summary>Elementwise <paramref name="a"/> &lt; <paramref name="b"/> with broadcasting, as a <see cref="DType.Bool"/> tensor (<c>torch.lt</c>); not differentiable.</summary>
    [NoDerivative]
    public static Tensor Lt(Tensor a, Tensor b) => CompareForward<LessThanOperator>(nameof(Lt), a, b);

    /// <summary>Elementwise <paramref name="a"/> &lt; <paramref name="b"/> against a scalar, as a <see cref="DType.Bool"/> tensor (<c>torch.lt</c>).</summary>
    [NoDerivative]
    public static Tensor Lt(Tensor a, double b) => CompareForward<LessThanOperator>(nameof(Lt), a, ScalarOperandLike(b, a));

    /// <summary>Elementwise this &lt; <paramref name="other"/>; see <see cref="Lt(Tensor, Tensor)"/>.</summary>
    [NoDerivative]
    public Tensor Lt(Tensor other) => Lt(this, other);

    /// <summary>Elementwise this &lt; <paramref name="other"/>; see <see cref="Lt(Tensor, double)"/>.</summary>
    [NoDerivative]
    public Tensor Lt(double other) => Lt(this, other);

    /// <summary>Elementwise a &lt; b as a bool tensor; see <see cref="Lt(Tensor, Tensor)"/>.</summary>
    [NoDerivative]
    public static Tensor operator <(Tensor a, Tensor b) => Lt(a, b);

    /// <summary>Elementwise a &lt; b as a bool tensor.</summary>
    [NoDerivative]
    public static Tensor operator <(Tensor a, double b) => Lt(a, b);

    /// <summary>Elementwise a &lt; b as a bool tensor.</summary>
    [NoDerivative]
    public static Tensor operator <(double a, Tensor b) => Gt(b, a);
}
