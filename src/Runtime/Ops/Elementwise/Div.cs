using AutoDiffGen.Kernels;

namespace AutoDiffGen;

public sealed partial class Tensor
{
    /// <summary>Elementwise <paramref name="a"/> ÷ <paramref name="b"/> with broadcasting (<c>torch.div</c>).</summary>
    public static Tensor Div(Tensor a, Tensor b)
    {
        (a, b) = PromoteFloat(nameof(Div), a, b);
        var result = BinaryForward<DivideOperator>(nameof(Div), a, b);
        return Autograd.Record(nameof(Div), result, a, b, static (node, grad, grads) =>
        {
            var (a, b) = (node.Inputs[0], node.Inputs[1]);
            grads[0] = node.NeedsInputGrad(0) ? DivBackwardA(grad, a, b) : null;
            grads[1] = node.NeedsInputGrad(1) ? DivBackwardB(grad, b, node.Result) : null;
        });
    }

    [DerivativeOf(nameof(Div), Wrt = "a")]
    internal static Tensor DivBackwardA(Tensor grad, Tensor a, Tensor b) => ReduceGrad(grad / b, a.Shape);

    // NOTE: d(a/b)/db = −a/b² = −result/b: the formula the generator uses for a tensor '/' (and libtorch's), one product
    // and one quotient, the same bits on the tape and in generated code.
    [DerivativeOf(nameof(Div), Wrt = "b")]
    internal static Tensor DivBackwardB(Tensor grad, Tensor b, Tensor result) => ReduceGrad(-(grad * result / b), b.Shape);

    /// <summary>Elementwise quotient with broadcasting.</summary>
    public static Tensor operator /(Tensor a, Tensor b) => Div(a, b);

    /// <summary>Divides every element by a scalar.</summary>
    public static Tensor operator /(Tensor a, double b) => Div(a, ScalarLike(b, a));

    /// <summary>Divides a scalar by every element.</summary>
    public static Tensor operator /(double a, Tensor b) => Div(ScalarLike(a, b), b);
}
