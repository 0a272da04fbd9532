using System.Numerics;
using System.Numerics.Tensors;
using AutoDiffGen.Kernels;

namespace AutoDiffGen;

public sealed partial class Tensor
{
    /// <summary>Elementwise eˣ (<c>torch.exp</c>).</summary>
    [Elementwise(MathFunction = nameof(Math.Exp))]
    public static Tensor Exp(Tensor x) => Autograd.Record(nameof(Exp), UnaryForward<ExpOperator>(nameof(Exp), x), x,
        static (node, grad, grads) => grads[0] = ExpBackward(grad, node.Result));

    /// <summary>The rule of <c>Exp</c>: <c>grad · result</c>.</summary>
    [DerivativeOf(nameof(Exp))]
    public static Tensor ExpBackward(Tensor grad, Tensor result) => grad * result;

    // Rule of the rule, for second-order generated code: ExpBackward's grad and result are gradOutput and output here.
    /// <summary>The rule of <see cref="ExpBackward"/> (second order): its gradients with respect to <c>gradOutput</c> (its <c>grad</c>) and <c>output</c> (its <c>result</c>).</summary>
    [DerivativeOf(nameof(ExpBackward))]
    public static (Tensor gradOutput, Tensor output) ExpBackwardBackward(Tensor grad, Tensor gradOutput, Tensor output)
        => (grad * output, grad * gradOutput);

    private readonly struct ExpOperator : IUnaryOperator
    {
        public static void Invoke<T>(ReadOnlySpan<T> x, Span<T> d) where T : unmanaged, IFloatingPointIeee754<T> => TensorPrimitives.Exp(x, d);
    }
}
