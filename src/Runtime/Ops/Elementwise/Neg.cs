using System.Numerics;
using System.Numerics.Tensors;
using AutoDiffGen.Kernels;

namespace AutoDiffGen;

public sealed partial class Tensor
{
    /// <summary>Elementwise −x (<c>torch.neg</c>).</summary>
    [Elementwise]
    public static Tensor Neg(Tensor x) => Autograd.Record(nameof(Neg), UnaryForward<NegateOperator>(nameof(Neg), x), x,
        static (node, grad, grads) => grads[0] = NegBackward(grad));

    [DerivativeOf(nameof(Neg))]
    internal static Tensor NegBackward(Tensor grad) => -grad;

    /// <summary>Elementwise negation.</summary>
    public static Tensor operator -(Tensor x) => Neg(x);

    private readonly struct NegateOperator : IUnaryOperator
    {
        public static void Invoke<T>(ReadOnlySpan<T> x, Span<T> d) where T : unmanaged, IFloatingPointIeee754<T> => TensorPrimitives.Negate(x, d);
    }
}
