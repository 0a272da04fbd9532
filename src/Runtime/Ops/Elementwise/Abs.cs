using System.Numerics;
using System.Numerics.Tensors;
using AutoDiffGen.Kernels;

namespace AutoDiffGen;

public sealed partial class Tensor
{
    /// <summary>Elementwise absolute value (<c>torch.abs</c>).</summary>
    [Elementwise(MathFunction = nameof(Math.Abs))]
    public static Tensor Abs(Tensor x) => Autograd.Record(nameof(Abs), UnaryForward<AbsOperator>(nameof(Abs), x), x,
        static (node, grad, grads) => grads[0] = AbsBackward(grad, node.Inputs[0]));

    /// <summary>Elementwise absolute value; see <see cref="Abs(Tensor)"/>.</summary>
    [Elementwise(MathFunction = nameof(Math.Abs))]
    public Tensor Abs() => Abs(this);

    // NOTE: the subgradient at 0 is 0, as in PyTorch (grad · sign(x)).
    [DerivativeOf(nameof(Abs))]
    internal static Tensor AbsBackward(Tensor grad, Tensor x) => grad * Sign(x);

    private readonly struct AbsOperator : IUnaryOperator
    {
        public static void Invoke<T>(ReadOnlySpan<T> x, Span<T> d) where T : unmanaged, IFloatingPointIeee754<T> => TensorPrimitives.Abs(x, d);
    }
}
