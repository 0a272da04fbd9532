using AutoDiffGen.Kernels;

namespace AutoDiffGen;

public sealed partial class Tensor
{
    /// <summary>
    /// Elementwise <paramref name="a"/> where <paramref name="condition"/> is true, else <paramref name="b"/>, with all three
    /// broadcast together (<c>torch.where</c>). Differentiable in <paramref name="a"/> and <paramref name="b"/>.
    /// </summary>
    /// <param name="condition">A <see cref="DType.Bool"/> tensor.</param>
    /// <param name="a">Values taken where the condition holds.</param>
    /// <param name="b">Values taken elsewhere; promoted with <paramref name="a"/> to one dtype.</param>
    public static Tensor Where([NoDerivative] Tensor condition, Tensor a, Tensor b)
    {
        RequireBool(nameof(Where), condition, "condition");
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.DType != b.DType)
        {
            var common = ComparisonDType(a.DType, b.DType);
            (a, b) = (a.To(common), b.To(common));
        }

        var result = SelectForward(nameof(Where), condition, a, b);
        return Autograd.Record(nameof(Where), result, a, b, static (node, grad, grads) =>
        {
            var (a, b) = (node.Inputs[0], node.Inputs[1]);
            var condition = (Tensor)node.State!;
            grads[0] = node.NeedsInputGrad(0) ? WhereBackwardA(grad, condition, a) : null;
            grads[1] = node.NeedsInputGrad(1) ? WhereBackwardB(grad, condition, b) : null;
        }, condition);
    }

    /// <summary><paramref name="a"/> where <paramref name="condition"/> holds, else the scalar <paramref name="b"/>.</summary>
    public static Tensor Where(Tensor condition, Tensor a, double b) => Where(condition, a, ScalarOperandLike(b, a));

    /// <summary>The scalar <paramref name="a"/> where <paramref name="condition"/> holds, else <paramref name="b"/>.</summary>
    public static Tensor Where(Tensor condition, double a, Tensor b) => Where(condition, ScalarOperandLike(a, b), b);

    [DerivativeOf(nameof(Where), Wrt = "a")]
    internal static Tensor WhereBackwardA(Tensor grad, Tensor condition, Tensor a) => ReduceGrad(Where(condition, grad, 0.0), a.Shape);

    [DerivativeOf(nameof(Where), Wrt = "b")]
    internal static Tensor WhereBackwardB(Tensor grad, Tensor condition, Tensor b) => ReduceGrad(Where(condition, 0.0, grad), b.Shape);

    /// <summary>condition ? a : b over the broadcast shape of all three, for operands of one dtype; never recorded.</summary>
    internal static Tensor SelectForward(string op, Tensor condition, Tensor a, Tensor b)
    {
        var shape = Shape.Broadcast(condition.Shape, Shape.Broadcast(a.Shape, b.Shape, op), op);
        var result = Empty(shape, a.DType);
        switch (a.DType)
        {
            case DType.Float32: SelectKernel<float>(condition, a, b, result); break;
            case DType.Float64: SelectKernel<double>(condition, a, b, result); break;
            case DType.Int64: SelectKernel<long>(condition, a, b, result); break;
            default: SelectKernel<bool>(condition, a, b, result); break;
        }

        return result;
    }

    private static void SelectKernel<T>(Tensor condition, Tensor a, Tensor b, Tensor result)
        => ComparisonKernels.Select<T>(
            condition.StorageAs<bool>(), condition.Offset, condition.BroadcastStrides(result.Shape),
            a.StorageAs<T>(), a.Offset, a.BroadcastStrides(result.Shape),
            b.StorageAs<T>(), b.Offset, b.BroadcastStrides(result.Shape),
            result.Data<T>(), result.Shape.Raw);
}
