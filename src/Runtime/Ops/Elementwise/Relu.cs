using System.ComponentModel;
using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.Intrinsics;
using AutoDiffGen.Kernels;

namespace AutoDiffGen;

public sealed partial class Tensor
{
    /// <summary>Elementwise max(x, 0), the rectified linear unit (<c>torch.relu</c>).</summary>
    [Elementwise(typeof(ReluOperator))]
    public static partial Tensor Relu(Tensor x);

    /// <summary>Elementwise max(x, 0); see <see cref="Relu(Tensor)"/>.</summary>
    [Elementwise(typeof(ReluOperator))]
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

    /// <summary>ReLU per element, for the tape's forward and for fused kernels: max(x, 0), and 1 where the result is positive, else 0.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public readonly struct ReluOperator : IElementwiseOperator<ReluOperator>
    {
        /// <inheritdoc/>
        public static bool IsVectorized => true;

        /// <inheritdoc/>
        public static T Invoke<T>(T x) where T : unmanaged, IFloatingPointIeee754<T> => T.Max(x, T.Zero);

        // NOTE: read from the result, as threshold_backward: the gradient at 0 (and at NaN) is 0, as in PyTorch.
        /// <inheritdoc/>
        public static T Derivative<T>(T x, T result) where T : unmanaged, IFloatingPointIeee754<T> => result > T.Zero ? T.One : T.Zero;

        /// <inheritdoc/>
        public static void Invoke<T>(ReadOnlySpan<T> x, Span<T> destination) where T : unmanaged, IFloatingPointIeee754<T> => TensorPrimitives.Max(x, T.Zero, destination);

        /// <inheritdoc/>
        public static Vector512<T> Invoke<T>(Vector512<T> x) where T : unmanaged, IFloatingPointIeee754<T> => Vector512.Max(x, Vector512<T>.Zero);

        /// <inheritdoc/>
        public static Vector512<T> Derivative<T>(Vector512<T> x, Vector512<T> result) where T : unmanaged, IFloatingPointIeee754<T> =>
            Vector512.ConditionalSelect(Vector512.GreaterThan(result, Vector512<T>.Zero), Vector512<T>.One, Vector512<T>.Zero);
    }
}
