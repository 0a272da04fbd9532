using AutoDiffGen.Kernels;

namespace AutoDiffGen;

public sealed partial class Tensor
{
    /// <summary>Elementwise max(x, 0), the rectified linear unit (<c>torch.relu</c>).</summary>
    public static Tensor Relu(Tensor x) => Autograd.Record(nameof(Relu), ScalarParamForward<MaxScalarOperator>(nameof(Relu), x, 0), x,
        static (node, grad, grads) => grads[0] = ReluBackward(grad, node.Result));

    /// <summary>Elementwise max(x, 0); see <see cref="Relu(Tensor)"/>.</summary>
    public Tensor Relu() => Relu(this);

    // NOTE: the gradient at 0 is 0, as PyTorch's threshold_backward (which also reads the result, not the input).
    [DerivativeOf(nameof(Relu))]
    internal static Tensor ReluBackward(Tensor grad, Tensor result) => Where(Gt(result, 0.0), grad, 0.0);
}
