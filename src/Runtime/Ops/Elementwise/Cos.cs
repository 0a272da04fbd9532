using System.Numerics;
using System.Numerics.Tensors;
using AutoDiffGen.Kernels;

namespace AutoDiffGen;

public sealed partial class Tensor
{
    /// <summary>Elementwise cosine (<c>torch.cos</c>).</summary>
    public static Tensor Cos(Tensor x) => Autograd.Record(nameof(Cos), UnaryForward<CosOperator>(nameof(Cos), x), x,
        static (node, grad, grads) => grads[0] = CosBackward(grad, node.Inputs[0]));

    /// <summary>Elementwise cosine; see <see cref="Cos(Tensor)"/>.</summary>
    public Tensor Cos() => Cos(this);

    [DerivativeOf(nameof(Cos))]
    internal static Tensor CosBackward(Tensor grad, Tensor x) => -grad * Sin(x);

    private readonly struct CosOperator : IUnaryOperator
    {
        public static void Invoke<T>(ReadOnlySpan<T> x, Span<T> d) where T : unmanaged, IFloatingPointIeee754<T> => TensorPrimitives.Cos(x, d);
    }
}
