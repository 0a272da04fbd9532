using System.Numerics;
using System.Numerics.Tensors;
using AutoDiffGen.Kernels;

namespace AutoDiffGen;

public sealed partial class Tensor
{
    /// <summary>Elementwise hyperbolic tangent (<c>torch.tanh</c>).</summary>
    public static Tensor Tanh(Tensor x) => Autograd.Record(nameof(Tanh), UnaryForward<TanhOperator>(nameof(Tanh), x), x,
        static (node, grad, grads) => grads[0] = TanhBackward(grad, node.Result));

    // NOTE: written with the result, tanh' = 1 − y², so the backward needs no second transcendental call.
    [DerivativeOf(nameof(Tanh))]
    internal static Tensor TanhBackward(Tensor grad, Tensor result) => grad * (1.0 - result * result);

    // Rule of the rule, for second-order generated code: TanhBackward's grad and result are gradOutput and output here.
    [DerivativeOf(nameof(TanhBackward))]
    internal static (Tensor gradOutput, Tensor output) TanhBackwardBackward(Tensor grad, Tensor gradOutput, Tensor output)
        => (TanhBackward(grad, output), -2.0 * grad * gradOutput * output);

    private readonly struct TanhOperator : IUnaryOperator
    {
        public static void Invoke<T>(ReadOnlySpan<T> x, Span<T> d) where T : unmanaged, IFloatingPointIeee754<T> => TensorPrimitives.Tanh(x, d);
    }
}
