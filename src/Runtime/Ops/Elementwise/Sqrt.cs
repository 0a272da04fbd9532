using System.Numerics;
using System.Numerics.Tensors;
using AutoDiffGen.Kernels;

namespace AutoDiffGen;

public sealed partial class Tensor
{
    /// <summary>Elementwise square root (<c>torch.sqrt</c>).</summary>
    [Elementwise(MathFunction = nameof(Math.Sqrt))]
    public static Tensor Sqrt(Tensor x) => Autograd.Record(nameof(Sqrt), UnaryForward<SqrtOperator>(nameof(Sqrt), x), x,
        static (node, grad, grads) => grads[0] = SqrtBackward(grad, node.Result));

    /// <summary>Elementwise square root; see <see cref="Sqrt(Tensor)"/>.</summary>
    [Elementwise(MathFunction = nameof(Math.Sqrt))]
    public Tensor Sqrt() => Sqrt(this);

    /// <summary>The rule of <c>Sqrt</c>: <c>grad / (2 · result)</c>.</summary>
    [DerivativeOf(nameof(Sqrt))]
    public static Tensor SqrtBackward(Tensor grad, Tensor result) => grad / (result * 2.0);

    // Rule of the rule, for second-order generated code: SqrtBackward's grad and result are gradOutput and output here.
    /// <summary>The rule of <see cref="SqrtBackward"/> (second order): its gradients with respect to <c>gradOutput</c> (its <c>grad</c>) and <c>output</c> (its <c>result</c>).</summary>
    [DerivativeOf(nameof(SqrtBackward))]
    public static (Tensor gradOutput, Tensor output) SqrtBackwardBackward(Tensor grad, Tensor gradOutput, Tensor output)
        => (grad / (output * 2.0), -(grad * gradOutput) / (output * output * 2.0));

    private readonly struct SqrtOperator : IUnaryOperator
    {
        public static void Invoke<T>(ReadOnlySpan<T> x, Span<T> d) where T : unmanaged, IFloatingPointIeee754<T> => TensorPrimitives.Sqrt(x, d);
    }
}
