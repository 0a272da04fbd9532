using System.Numerics;
using System.Numerics.Tensors;
using AutoDiffGen.Kernels;

namespace AutoDiffGen;

public sealed partial class Tensor
{
    /// <summary>Elementwise sine (<c>torch.sin</c>).</summary>
    public static Tensor Sin(Tensor x) => Autograd.Record(nameof(Sin), UnaryForward<SinOperator>(nameof(Sin), x), x,
        static (node, grad, grads) => grads[0] = SinBackward(grad, node.Inputs[0]));

    /// <summary>Elementwise sine; see <see cref="Sin(Tensor)"/>.</summary>
    public Tensor Sin() => Sin(this);

    [DerivativeOf(nameof(Sin))]
    internal static Tensor SinBackward(Tensor grad, Tensor x) => grad * Cos(x);

    private readonly struct SinOperator : IUnaryOperator
    {
        public static void Invoke<T>(ReadOnlySpan<T> x, Span<T> d) where T : unmanaged, IFloatingPointIeee754<T> => TensorPrimitives.Sin(x, d);
    }
}
