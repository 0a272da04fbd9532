using System.Numerics;
using System.Numerics.Tensors;
using AutoDiffGen.Kernels;

namespace AutoDiffGen;

public sealed partial class Tensor
{
    /// <summary>Elementwise hyperbolic tangent (<c>torch.tanh</c>).</summary>
    [Elementwise(MathFunction = nameof(Math.Tanh))]
    public static Tensor Tanh(Tensor x) => Autograd.Record(nameof(Tanh), UnaryForward<TanhOperator>(nameof(Tanh), x), x,
        static (node, grad, grads) => grads[0] = TanhBackward(grad, node.Result));

    // NOTE: written with the result, tanh' = 1 − y², so the backward needs no second transcendental call.
    /// <summary>The rule of <c>Tanh</c>: <c>grad · (1 − result²)</c>, from the result alone.</summary>
    [DerivativeOf(nameof(Tanh))]
    public static Tensor TanhBackward(Tensor grad, Tensor result) => grad * (1.0 - result * result);

    // Rule of the rule, for second-order generated code: TanhBackward's grad and result are gradOutput and output here.
    /// <summary>The rule of <see cref="TanhBackward"/> (second order): its gradients with respect to <c>gradOutput</c> (its <c>grad</c>) and <c>output</c> (its <c>result</c>).</summary>
    [DerivativeOf(nameof(TanhBackward))]
    public static (Tensor gradOutput, Tensor output) TanhBackwardBackward(Tensor grad, Tensor gradOutput, Tensor output)
        => (TanhBackward(grad, output), -2.0 * grad * gradOutput * output);

    private readonly struct TanhOperator : IUnaryOperator
    {
        public static void Invoke<T>(ReadOnlySpan<T> x, Span<T> d) where T : unmanaged, IFloatingPointIeee754<T> => TensorPrimitives.Tanh(x, d);
    }
}
