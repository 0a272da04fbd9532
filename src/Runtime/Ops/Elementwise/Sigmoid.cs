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
    /// <summary>The rule of <c>Sigmoid</c>: <c>grad · result · (1 − result)</c>, from the result alone.</summary>
    [DerivativeOf(nameof(Sigmoid))]
    public static Tensor SigmoidBackward(Tensor grad, Tensor result) => grad * result * (1.0 - result);

    // Rule of the rule, for second-order generated code: SigmoidBackward's grad and result are gradOutput and output here.
    /// <summary>The rule of <see cref="SigmoidBackward"/> (second order): its gradients with respect to <c>gradOutput</c> (its <c>grad</c>) and <c>output</c> (its <c>result</c>).</summary>
    [DerivativeOf(nameof(SigmoidBackward))]
    public static (Tensor gradOutput, Tensor output) SigmoidBackwardBackward(Tensor grad, Tensor gradOutput, Tensor output)
        => (SigmoidBackward(grad, output), grad * gradOutput * (1.0 - 2.0 * output));

    private readonly struct SigmoidOperator : IUnaryOperator
    {
        public static void Invoke<T>(ReadOnlySpan<T> x, Span<T> d) where T : unmanaged, IFloatingPointIeee754<T> => TensorPrimitives.Sigmoid(x, d);
    }
}
