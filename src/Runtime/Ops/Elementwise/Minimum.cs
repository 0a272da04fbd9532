using AutoDiffGen.Kernels;

namespace AutoDiffGen;

public sealed partial class Tensor
{
    /// <summary>Elementwise minimum of <paramref name="a"/> and <paramref name="b"/> with broadcasting, NaN-propagating (<c>torch.minimum</c>).</summary>
    public static Tensor Minimum(Tensor a, Tensor b)
    {
        (a, b) = PromoteFloat(nameof(Minimum), a, b);
        var result = BinaryForward<MinimumOperator>(nameof(Minimum), a, b);
        return Autograd.Record(nameof(Minimum), result, a, b, static (node, grad, grads) =>
        {
            var (a, b) = (node.Inputs[0], node.Inputs[1]);
            grads[0] = node.NeedsInputGrad(0) ? MinimumBackwardA(grad, a, b) : null;
            grads[1] = node.NeedsInputGrad(1) ? MinimumBackwardB(grad, a, b) : null;
        });
    }

    /// <summary>Elementwise minimum with a scalar.</summary>
    public static Tensor Minimum(Tensor a, double b) => Minimum(a, ScalarLike(b, a));

    /// <summary>Elementwise minimum of this tensor and <paramref name="other"/>; see <see cref="Minimum(Tensor, Tensor)"/>.</summary>
    public Tensor Minimum(Tensor other) => Minimum(this, other);

    [DerivativeOf(nameof(Minimum), Wrt = "a")]
    internal static Tensor MinimumBackwardA(Tensor grad, Tensor a, Tensor b) => ReduceGrad(grad * WinnerWeights(a, b, max: false), a.Shape);

    [DerivativeOf(nameof(Minimum), Wrt = "b")]
    internal static Tensor MinimumBackwardB(Tensor grad, Tensor a, Tensor b) => ReduceGrad(grad * WinnerWeights(b, a, max: false), b.Shape);
}
