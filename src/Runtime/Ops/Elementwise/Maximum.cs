using AutoDiffGen.Kernels;

namespace AutoDiffGen;

public sealed partial class Tensor
{
    /// <summary>Elementwise maximum of <paramref name="a"/> and <paramref name="b"/> with broadcasting, NaN-propagating (<c>torch.maximum</c>).</summary>
    public static Tensor Maximum(Tensor a, Tensor b)
    {
        (a, b) = PromoteFloat(nameof(Maximum), a, b);
        var result = BinaryForward<MaximumOperator>(nameof(Maximum), a, b);
        return Autograd.Record(nameof(Maximum), result, a, b, static (node, grad, grads) =>
        {
            var (a, b) = (node.Inputs[0], node.Inputs[1]);
            grads[0] = node.NeedsInputGrad(0) ? MaximumBackwardA(grad, a, b) : null;
            grads[1] = node.NeedsInputGrad(1) ? MaximumBackwardB(grad, a, b) : null;
        });
    }

    /// <summary>Elementwise maximum with a scalar.</summary>
    public static Tensor Maximum(Tensor a, double b) => Maximum(a, ScalarLike(b, a));

    /// <summary>Elementwise maximum of this tensor and <paramref name="other"/>; see <see cref="Maximum(Tensor, Tensor)"/>.</summary>
    public Tensor Maximum(Tensor other) => Maximum(this, other);

    [DerivativeOf(nameof(Maximum), Wrt = "a")]
    internal static Tensor MaximumBackwardA(Tensor grad, Tensor a, Tensor b) => ReduceGrad(grad * WinnerWeights(a, b, max: true), a.Shape);

    [DerivativeOf(nameof(Maximum), Wrt = "b")]
    internal static Tensor MaximumBackwardB(Tensor grad, Tensor a, Tensor b) => ReduceGrad(grad * WinnerWeights(b, a, max: true), b.Shape);

    /// <summary>
    /// A constant float tensor over the broadcast shape: 1 where <paramref name="x"/> wins against <paramref name="other"/>,
    /// ½ on ties and 0 where it loses.
    /// </summary>
    // NOTE: PyTorch splits the gradient evenly on ties (maximum/minimum backward), so the two halves still sum to grad.
    internal static Tensor WinnerWeights(Tensor x, Tensor other, bool max)
    {
        var wins = MaskAsFloat(max ? Gt(x, other) : Lt(x, other), x.DType);
        var ties = MaskAsFloat(Eq(x, other), x.DType);
        using (Autograd.NoGrad())
        {
            return wins + ties * 0.5;
        }
    }
}
