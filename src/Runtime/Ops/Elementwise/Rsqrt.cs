using System.Numerics;
using System.Numerics.Tensors;
using AutoDiffGen.Kernels;

namespace AutoDiffGen;

public sealed partial class Tensor
{
    /// <summary>Elementwise reciprocal square root, 1/√x (<c>torch.rsqrt</c>).</summary>
    public static Tensor Rsqrt(Tensor x) => Autograd.Record(nameof(Rsqrt), UnaryForward<RsqrtOperator>(nameof(Rsqrt), x), x,
        static (node, grad, grads) => grads[0] = RsqrtBackward(grad, node.Result));

    /// <summary>Elementwise reciprocal square root, 1/√x; see <see cref="Rsqrt(Tensor)"/>.</summary>
    public Tensor Rsqrt() => Rsqrt(this);

    // NOTE: d/dx x^(-1/2) = -x^(-3/2) / 2 = -result³ / 2, so the backward reuses the result instead of another root.
    [DerivativeOf(nameof(Rsqrt))]
    internal static Tensor RsqrtBackward(Tensor grad, Tensor result) => grad * (result * result * result) * -0.5;

    private readonly struct RsqrtOperator : IUnaryOperator
    {
        public static void Invoke<T>(ReadOnlySpan<T> x, Span<T> d) where T : unmanaged, IFloatingPointIeee754<T> => TensorPrimitives.ReciprocalSqrt(x, d);
    }
}
