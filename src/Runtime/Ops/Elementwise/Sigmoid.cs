using System.Numerics;
using System.Numerics.Tensors;
using AutoDiffGen.Kernels;

namespace AutoDiffGen;

public sealed partial class Tensor
{
    /// <summary>Elementwise logistic sigmoid, 1 / (1 + e⁻ˣ) (<c>torch.sigmoid</c>).</summary>
    public static Tensor Sigmoid(Tensor x) => Autograd.Record(nameof(Sigmoid), UnaryForward<SigmoidOperator>(nameof(Sigmoid), x), x,
        static (node, grad, grads) => grads[0] = SigmoidBackward(grad, node.Result));

    /// <summary>Elementwise logistic sigmoid, 1 / (1 + e⁻ˣ); see <see cref="Sigmoid(Tensor)"/>.</summary>
    public Tensor Sigmoid() => Sigmoid(this);

    // NOTE: written with the result, σ' = σ(1 − σ), so the backward needs no second exponential.
    [DerivativeOf(nameof(Sigmoid))]
    internal static Tensor SigmoidBackward(Tensor grad, Tensor result) => grad * result * (1.0 - result);

    private readonly struct SigmoidOperator : IUnaryOperator
    {
        public static void Invoke<T>(ReadOnlySpan<T> x, Span<T> d) where T : unmanaged, IFloatingPointIeee754<T> => TensorPrimitives.Sigmoid(x, d);
    }
}
