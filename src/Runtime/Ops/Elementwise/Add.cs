using AutoDiffGen.Kernels;

namespace AutoDiffGen;

public sealed partial class Tensor
{
    /// <summary>Elementwise <paramref name="a"/> + <paramref name="b"/> with broadcasting (<c>torch.add</c>).</summary>
    public static Tensor Add(Tensor a, Tensor b)
    {
        (a, b) = PromoteFloat(nameof(Add), a, b);
        var result = BinaryForward<AddOperator>(nameof(Add), a, b);
        return Autograd.Record(nameof(Add), result, a, b, static (node, grad, grads) =>
        {
            var (a, b) = (node.Inputs[0], node.Inputs[1]);
            grads[0] = node.NeedsInputGrad(0) ? AddBackwardA(grad, a, b) : null;
            grads[1] = node.NeedsInputGrad(1) ? AddBackwardB(grad, a, b) : null;
        });
    }

    [DerivativeOf(nameof(Add), Wrt = "a")]
    internal static Tensor AddBackwardA(Tensor grad, Tensor a, Tensor b) => ReduceGrad(grad, a.Shape);

    [DerivativeOf(nameof(Add), Wrt = "b")]
    internal static Tensor AddBackwardB(Tensor grad, Tensor a, Tensor b) => ReduceGrad(grad, b.Shape);

    /// <summary>Elementwise sum with broadcasting.</summary>
    public static Tensor operator +(Tensor a, Tensor b) => Add(a, b);

    /// <summary>Adds a scalar to every element.</summary>
    public static Tensor operator +(Tensor a, double b) => Add(a, ScalarLike(b, a));

    /// <summary>Adds a scalar to every element.</summary>
    public static Tensor operator +(double a, Tensor b) => Add(ScalarLike(a, b), b);
}
