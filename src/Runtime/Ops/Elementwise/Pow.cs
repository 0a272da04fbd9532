using AutoDiffGen.Kernels;

namespace AutoDiffGen;

public sealed partial class Tensor
{
    /// <summary>
    /// Elementwise <paramref name="x"/> raised to <paramref name="exponent"/>, with broadcasting (<c>torch.pow</c>);
    /// differentiable in both the base and the exponent.
    /// </summary>
    [Elementwise(MathFunction = nameof(Math.Pow))]
    public static Tensor Pow(Tensor x, Tensor exponent)
    {
        (x, exponent) = PromoteFloat(nameof(Pow), x, exponent);
        var result = BinaryForward<PowOperator>(nameof(Pow), x, exponent);
        return Autograd.Record(nameof(Pow), result, x, exponent, static (node, grad, grads) =>
        {
            var (x, exponent) = (node.Inputs[0], node.Inputs[1]);
            grads[0] = node.NeedsInputGrad(0) ? PowBackwardX(grad, x, exponent) : null;
            grads[1] = node.NeedsInputGrad(1) ? PowBackwardExponent(grad, x, exponent, node.Result) : null;
        });
    }

    /// <summary>Elementwise <paramref name="x"/> raised to a scalar <paramref name="exponent"/> (<c>torch.pow</c>).</summary>
    [Elementwise(MathFunction = nameof(Math.Pow))]
    public static Tensor Pow(Tensor x, [NoDerivative] double exponent)
        => Autograd.Record(nameof(Pow), ScalarParamForward<PowScalarOperator>(nameof(Pow), x, exponent), x,
            static (node, grad, grads) => grads[0] = PowBackwardScalarExponent(grad, node.Inputs[0], (double)node.State!), exponent);

    /// <summary>A scalar <paramref name="x"/> raised to each element of <paramref name="exponent"/> (<c>torch.pow(scalar, tensor)</c>).</summary>
    [Elementwise(MathFunction = nameof(Math.Pow))]
    public static Tensor Pow([NoDerivative] double x, Tensor exponent)
    {
        RequireFloatingPoint(nameof(Pow), exponent);
        var result = BinaryForward<PowOperator>(nameof(Pow), ScalarLike(x, exponent), exponent);
        return Autograd.Record(nameof(Pow), result, exponent,
            static (node, grad, grads) => grads[0] = PowBackwardScalarBase(grad, (double)node.State!, node.Inputs[0], node.Result), x);
    }

    /// <summary>This tensor raised to <paramref name="exponent"/> elementwise; see <see cref="Pow(Tensor, double)"/>.</summary>
    [Elementwise(MathFunction = nameof(Math.Pow))]
    public Tensor Pow(double exponent) => Pow(this, exponent);

    /// <summary>This tensor raised to <paramref name="exponent"/> elementwise; see <see cref="Pow(Tensor, Tensor)"/>.</summary>
    [Elementwise(MathFunction = nameof(Math.Pow))]
    public Tensor Pow(Tensor exponent) => Pow(this, exponent);

    // NOTE: where the exponent is 0 the derivative is 0 even at x = 0, where exponent · x^(exponent − 1) would be 0 · ∞.
    [DerivativeOf(nameof(Pow), Wrt = "x")]
    internal static Tensor PowBackwardX(Tensor grad, Tensor x, Tensor exponent)
        => ReduceGrad(Where(Eq(exponent, 0.0), 0.0, grad * exponent * Pow(x, exponent - 1.0)), x.Shape);

    // NOTE: d/de x^e = x^e · ln x; at x = 0 with e ≥ 0 that is 0 · (−∞), whose limit PyTorch takes as 0.
    [DerivativeOf(nameof(Pow), Wrt = "exponent")]
    internal static Tensor PowBackwardExponent(Tensor grad, Tensor x, Tensor exponent, Tensor result)
        => ReduceGrad(Where(LogicalAnd(Eq(x, 0.0), Ge(exponent, 0.0)), 0.0, grad * result * Log(x)), exponent.Shape);

    [DerivativeOf(nameof(Pow))]
    internal static Tensor PowBackwardScalarExponent(Tensor grad, Tensor x, double exponent)
        => exponent == 0 ? ZerosLike(grad) : grad * exponent * Pow(x, exponent - 1);

    [DerivativeOf(nameof(Pow))]
    internal static Tensor PowBackwardScalarBase(Tensor grad, double x, Tensor exponent, Tensor result)
        => x == 0
            ? Where(Ge(exponent, 0.0), 0.0, grad * result * double.NegativeInfinity)
            : grad * result * Math.Log(x);
}
