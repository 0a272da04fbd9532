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
    internal static Tensor ReluBackward(Tensor grad, Tensor result) => ThresholdBackward(grad, result);

    /// <summary>
    /// grad where result &gt; 0, else 0 (PyTorch's <c>threshold_backward</c>): one vectorised pass; linear in
    /// <paramref name="grad"/>, so differentiating it again masks the incoming gradient the same way.
    /// </summary>
    internal static Tensor ThresholdBackward(Tensor grad, Tensor result)
    {
        if (grad.Shape != result.Shape || grad.DType != result.DType || !grad.DType.IsFloatingPoint())
        {
            return Where(Gt(result, 0.0), grad, 0.0);
        }

        var values = grad.ContiguousUntracked();
        var mask = result.ContiguousUntracked();
        var output = Empty(grad.Shape, grad.DType);
        if (grad.DType == DType.Float32)
        {
            ThresholdMask.Run<float>(values.Data<float>(), mask.Data<float>(), output.Data<float>());
        }
        else
        {
            ThresholdMask.Run<double>(values.Data<double>(), mask.Data<double>(), output.Data<double>());
        }

        return Autograd.Record("ThresholdBackward", output, grad, result, static (node, g, grads) =>
        {
            grads[0] = node.NeedsInputGrad(0) ? ThresholdBackward(g, node.Inputs[1]) : null;
            grads[1] = null;
        });
    }
}
