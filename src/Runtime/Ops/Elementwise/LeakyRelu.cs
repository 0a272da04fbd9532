using AutoDiffGen.Kernels;

namespace AutoDiffGen;

public sealed partial class Tensor
{
    /// <summary>
    /// Elementwise x for x &gt; 0 and <paramref name="negativeSlope"/> · x otherwise (<c>torch.nn.functional.leaky_relu</c>).
    /// </summary>
    [Elementwise]
    public static Tensor LeakyRelu(Tensor x, [NoDerivative] double negativeSlope = 0.01)
        => Autograd.Record(nameof(LeakyRelu), ScalarParamForward<LeakyReluOperator>(nameof(LeakyRelu), x, negativeSlope), x,
            static (node, grad, grads) => grads[0] = LeakyReluBackward(grad, node.Inputs[0], (double)node.State!), negativeSlope);

    /// <summary>Leaky relu of this tensor; see <see cref="LeakyRelu(Tensor, double)"/>.</summary>
    [Elementwise]
    public Tensor LeakyRelu(double negativeSlope = 0.01) => LeakyRelu(this, negativeSlope);

    [DerivativeOf(nameof(LeakyRelu))]
    internal static Tensor LeakyReluBackward(Tensor grad, Tensor x, double negativeSlope) => Where(Gt(x, 0.0), grad, grad * negativeSlope);
}
