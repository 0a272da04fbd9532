using System.Numerics;
using System.Numerics.Tensors;
using AutoDiffGen.Kernels;

namespace AutoDiffGen;

public sealed partial class Tensor
{
    /// <summary>Elementwise eˣ (<c>torch.exp</c>).</summary>
    public static Tensor Exp(Tensor x) => Autograd.Record(nameof(Exp), UnaryForward<ExpOperator>(nameof(Exp), x), x,
        static (node, grad, grads) => grads[0] = ExpBackward(grad, node.Result));

    [DerivativeOf(nameof(Exp))]
    internal static Tensor ExpBackward(Tensor grad, Tensor result) => grad * result;

    // Rule of the rule, for second-order generated code: ExpBackward's grad and result are gradOutput and output here.
    [DerivativeOf(nameof(ExpBackward))]
    internal static (Tensor gradOutput, Tensor output) ExpBackwardBackward(Tensor grad, Tensor gradOutput, Tensor output)
        => (grad * output, grad * gradOutput);

    private readonly struct ExpOperator : IUnaryOperator
    {
        public static void Invoke<T>(ReadOnlySpan<T> x, Span<T> d) where T : unmanaged, IFloatingPointIeee754<T> => TensorPrimitives.Exp(x, d);
    }
}
