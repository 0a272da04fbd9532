using AutoDiffGen.Kernels;

namespace AutoDiffGen;

public sealed partial class Tensor
{
    /// <summary>Elementwise <paramref name="a"/> × <paramref name="b"/> with broadcasting (<c>torch.mul</c>).</summary>
    public static Tensor Mul(Tensor a, Tensor b)
    {
        (a, b) = PromoteFloat(nameof(Mul), a, b);
        var result = BinaryForward<MultiplyOperator>(nameof(Mul), a, b);
        return Autograd.Record(nameof(Mul), result, a, b, static (node, grad, grads) =>
        {
            var (a, b) = (node.Inputs[0], node.Inputs[1]);
            grads[0] = node.NeedsInputGrad(0) ? MulBackwardA(grad, a, b) : null;
            grads[1] = node.NeedsInputGrad(1) ? MulBackwardB(grad, a, b) : null;
        });
    }

    [DerivativeOf(nameof(Mul), Wrt = "a")]
    internal static Tensor MulBackwardA(Tensor grad, Tensor a, Tensor b) => ReduceGrad(grad * b, a.Shape);

    [DerivativeOf(nameof(Mul), Wrt = "b")]
    internal static Tensor MulBackwardB(Tensor grad, Tensor a, Tensor b) => ReduceGrad(grad * a, b.Shape);

    /// <summary>Elementwise product with broadcasting.</summary>
    public static Tensor operator *(Tensor a, Tensor b) => Mul(a, b);

    /// <summary>Multiplies every element by a scalar.</summary>
    public static Tensor operator *(Tensor a, double b) => Mul(a, ScalarLike(b, a));

    /// <summary>Multiplies every element by a scalar.</summary>
    public static Tensor operator *(double a, Tensor b) => Mul(ScalarLike(a, b), b);
}
