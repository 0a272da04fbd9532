using AutoDiffGen.Kernels;

namespace AutoDiffGen;

public sealed partial class Tensor
{
    /// <summary>Elementwise <paramref name="a"/> − <paramref name="b"/> with broadcasting (<c>torch.sub</c>).</summary>
    public static Tensor Sub(Tensor a, Tensor b)
    {
        (a, b) = PromoteFloat(nameof(Sub), a, b);
        var result = BinaryForward<SubtractOperator>(nameof(Sub), a, b);
        return Autograd.Record(nameof(Sub), result, a, b, static (node, grad, grads) =>
        {
            var (a, b) = (node.Inputs[0], node.Inputs[1]);
            grads[0] = node.NeedsInputGrad(0) ? SubBackwardA(grad, a, b) : null;
            grads[1] = node.NeedsInputGrad(1) ? SubBackwardB(grad, a, b) : null;
        });
    }

    [DerivativeOf(nameof(Sub), Wrt = "a")]
    internal static Tensor SubBackwardA(Tensor grad, Tensor a, Tensor b) => ReduceGrad(grad, a.Shape);

    [DerivativeOf(nameof(Sub), Wrt = "b")]
    internal static Tensor SubBackwardB(Tensor grad, Tensor a, Tensor b) => ReduceGrad(-grad, b.Shape);

    /// <summary>Elementwise difference with broadcasting.</summary>
    public static Tensor operator -(Tensor a, Tensor b) => Sub(a, b);

    /// <summary>Subtracts a scalar from every element.</summary>
    public static Tensor operator -(Tensor a, double b) => Sub(a, ScalarLike(b, a));

    /// <summary>Subtracts every element from a scalar.</summary>
    public static Tensor operator -(double a, Tensor b) => Sub(ScalarLike(a, b), b);
}
