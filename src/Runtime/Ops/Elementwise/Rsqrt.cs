using System.ComponentModel;
using System.Numerics;
using System.Runtime.Intrinsics;
using System.Numerics.Tensors;
using AutoDiffGen.Kernels;

namespace AutoDiffGen;

public sealed partial class Tensor
{
    /// <summary>Elementwise reciprocal square root, 1/√x (<c>torch.rsqrt</c>).</summary>
    [Elementwise(typeof(RsqrtOperator))]
    public static partial Tensor Rsqrt(Tensor x);

    /// <summary>Elementwise reciprocal square root, 1/√x; see <see cref="Rsqrt(Tensor)"/>.</summary>
    [Elementwise(typeof(RsqrtOperator))]
    public Tensor Rsqrt() => Rsqrt(this);

    // NOTE: d/dx x^(-1/2) = -x^(-3/2) / 2 = -result³ / 2, so the backward reuses the result instead of another root.
    [DerivativeOf(nameof(Rsqrt))]
    internal static Tensor RsqrtBackward(Tensor grad, Tensor result) => grad * (result * result * result) * -0.5;

    /// <summary>1/√x per element, for the tape's forward and for fused kernels; its derivative is −result³ / 2.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public readonly struct RsqrtOperator : IElementwiseOperator<RsqrtOperator>
    {
        /// <inheritdoc/>
        public static bool IsVectorized => true;

        /// <inheritdoc/>
        public static T Invoke<T>(T x) where T : unmanaged, IFloatingPointIeee754<T> => T.One / T.Sqrt(x);

        /// <inheritdoc/>
        public static T Derivative<T>(T x, T result) where T : unmanaged, IFloatingPointIeee754<T> => result * result * result * T.CreateTruncating(-0.5);

        /// <inheritdoc/>
        public static void Invoke<T>(ReadOnlySpan<T> x, Span<T> destination) where T : unmanaged, IFloatingPointIeee754<T> => TensorPrimitives.ReciprocalSqrt(x, destination);

        /// <inheritdoc/>
        public static Vector512<T> Invoke<T>(Vector512<T> x) where T : unmanaged, IFloatingPointIeee754<T> => Vector512<T>.One / Vector512.Sqrt(x);

        /// <inheritdoc/>
        public static Vector512<T> Derivative<T>(Vector512<T> x, Vector512<T> result) where T : unmanaged, IFloatingPointIeee754<T> =>
            result * result * result * Vector512.Create(T.CreateTruncating(-0.5));
    }
}
