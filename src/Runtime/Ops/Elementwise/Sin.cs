using System.Numerics;
using System.Numerics.Tensors;
using AutoDiffGen.Kernels;

namespace AutoDiffGen;

public sealed partial class Tensor
{
    /// <summary>Elementwise sine (<c>torch.sin</c>).</summary>
    [Elementwise(MathFunction = nameof(Math.Sin))]
    public static Tensor Sin(Tensor x) => Autograd.Record(nameof(Sin), UnaryForward<SinOperator>(nameof(Sin), x), x,
        static (node, grad, grads) => grads[0] = SinBackward(grad, node.Inputs[0]));

    /// <summary>Elementwise sine; see <see cref="Sin(Tensor)"/>.</summary>
    [Elementwise(MathFunction = nameof(Math.Sin))]
    public Tensor Sin() => Sin(this);

    /// <summary>The rule of <c>Sin</c>: <c>grad · cos x</c>.</summary>
    [DerivativeOf(nameof(Sin))]
    public static Tensor SinBackward(Tensor grad, Tensor x) => grad * Cos(x);

    // Rule of the rule, for second-order generated code: SinBackward's grad is gradOutput here.
    /// <summary>The rule of <see cref="SinBackward"/> (second order): its gradients with respect to <c>gradOutput</c> (its <c>grad</c>) and <c>x</c>.</summary>
    [DerivativeOf(nameof(SinBackward))]
    public static (Tensor gradOutput, Tensor x) SinBackwardBackward(Tensor grad, Tensor gradOutput, Tensor x)
        => (SinBackward(grad, x), -(grad * gradOutput) * Sin(x));

    private readonly struct SinOperator : IUnaryOperator
    {
        public static void Invoke<T>(ReadOnlySpan<T> x, Span<T> d) where T : unmanaged, IFloatingPointIeee754<T> => TensorPrimitives.Sin(x, d);
    }
}
