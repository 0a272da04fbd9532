using System.ComponentModel;
using System.Numerics;
using System.Runtime.Intrinsics;
using System.Numerics.Tensors;
using AutoDiffGen.Kernels;

namespace AutoDiffGen;

public sealed partial class Tensor
{
    /// <summary>Elementwise logistic sigmoid, 1 / (1 + e⁻ˣ) (<c>torch.sigmoid</c>).</summary>
    [Elementwise(typeof(SigmoidOperator))]
    public static partial Tensor Sigmoid(Tensor x);

    /// <summary>Elementwise logistic sigmoid, 1 / (1 + e⁻ˣ); see <see cref="Sigmoid(Tensor)"/>.</summary>
    [Elementwise(typeof(SigmoidOperator))]
    public Tensor Sigmoid() => Sigmoid(this);

    // NOTE: written with the result, σ' = σ(1 − σ), so the backward needs no second exponential.
    /// <summary>The rule of <c>Sigmoid</c>: <c>grad · result · (1 − result)</c>, from the result alone.</summary>
    [DerivativeOf(nameof(Sigmoid))]
    public static Tensor SigmoidBackward(Tensor grad, Tensor result) => grad * result * (1.0 - result);

    // Rule of the rule, for second-order generated code: SigmoidBackward's grad and result are gradOutput and output here.
    /// <summary>The rule of <see cref="SigmoidBackward"/> (second order): its gradients with respect to <c>gradOutput</c> (its <c>grad</c>) and <c>output</c> (its <c>result</c>).</summary>
    [DerivativeOf(nameof(SigmoidBackward))]
    public static (Tensor gradOutput, Tensor output) SigmoidBackwardBackward(Tensor grad, Tensor gradOutput, Tensor output)
        => (SigmoidBackward(grad, output), grad * gradOutput * (1.0 - 2.0 * output));

    /// <summary>Sigmoid per element, for the tape's forward and for fused kernels: σ(x) and σ′ = σ(1 − σ).</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public readonly struct SigmoidOperator : IElementwiseOperator<SigmoidOperator>
    {
        /// <inheritdoc/>
        public static bool IsVectorized => true;

        /// <inheritdoc/>
        public static T Invoke<T>(T x) where T : unmanaged, IFloatingPointIeee754<T> => T.One / (T.One + T.Exp(-x));

        /// <inheritdoc/>
        public static T Derivative<T>(T x, T result) where T : unmanaged, IFloatingPointIeee754<T> => result * (T.One - result);

        /// <inheritdoc/>
        public static void Invoke<T>(ReadOnlySpan<T> x, Span<T> destination) where T : unmanaged, IFloatingPointIeee754<T> => TensorPrimitives.Sigmoid(x, destination);

        /// <inheritdoc/>
        public static void Derivative<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> result, Span<T> destination) where T : unmanaged, IFloatingPointIeee754<T>
        {
            if (result.Length != destination.Length)
            {
                throw new ArgumentException($"Sigmoid: span lengths differ ({result.Length} and {destination.Length}).");
            }

            // Each element is read before it is written, so the destination may be the result itself.
            var i = 0;
            for (; i <= result.Length - Vector<T>.Count; i += Vector<T>.Count)
            {
                var r = new Vector<T>(result.Slice(i));
                (r * (Vector<T>.One - r)).CopyTo(destination.Slice(i));
            }

            for (; i < result.Length; i++)
            {
                destination[i] = result[i] * (T.One - result[i]);
            }
        }

        /// <inheritdoc/>
        public static Vector512<T> Invoke<T>(Vector512<T> x) where T : unmanaged, IFloatingPointIeee754<T> =>
            Vector512<T>.One / (Vector512<T>.One + Fusion.FusedVector<T>.Exp(-x));

        /// <inheritdoc/>
        public static Vector512<T> Derivative<T>(Vector512<T> x, Vector512<T> result) where T : unmanaged, IFloatingPointIeee754<T> =>
            result * (Vector512<T>.One - result);
    }
}
