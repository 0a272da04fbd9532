using System.Numerics;
using System.Numerics.Tensors;
using AutoDiffGen.Kernels;

namespace AutoDiffGen;

public sealed partial class Tensor
{
    /// <summary>Elementwise cosine (<c>torch.cos</c>).</summary>
    [Elementwise(MathFunction = nameof(Math.Cos))]
    public static Tensor Cos(Tensor x) => Autograd.Record(nameof(Cos), UnaryForward<CosOperator>(nameof(Cos), x), x,
        static (node, grad, grads) => grads[0] = CosBackward(grad, node.Inputs[0]));

    /// <summary>Elementwise cosine; see <see cref="Cos(Tensor)"/>.</summary>
    [Elementwise(MathFunction = nameof(Math.Cos))]
    public Tensor Cos() => Cos(this);

    /// <summary>The rule of <c>Cos</c>: <c>−grad · sin x</c>.</summary>
    [DerivativeOf(nameof(Cos))]
    public static Tensor CosBackward(Tensor grad, Tensor x) => -grad * Sin(x);

    // Rule of the rule, for second-order generated code: CosBackward's grad is gradOutput here.
    /// <summary>The rule of <see cref="CosBackward"/> (second order): its gradients with respect to <c>gradOutput</c> (its <c>grad</c>) and <c>x</c>.</summary>
    [DerivativeOf(nameof(CosBackward))]
    public static (Tensor gradOutput, Tensor x) CosBackwardBackward(Tensor grad, Tensor gradOutput, Tensor x)
        => (CosBackward(grad, x), -(grad * gradOutput) * Cos(x));

    private readonly struct CosOperator : IUnaryOperator
    {
        public static void Invoke<T>(ReadOnlySpan<T> x, Span<T> d) where T : unmanaged, IFloatingPointIeee754<T> => TensorPrimitives.Cos(x, d);
    }
}
