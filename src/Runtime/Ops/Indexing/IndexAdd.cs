using AutoDiffGen.Kernels;

namespace AutoDiffGen;

public sealed partial class Tensor
{
    /// <summary>
    /// A copy of this tensor with <paramref name="source"/>'s slices added at positions <paramref name="index"/> (a 1-D
    /// int64 tensor) along dimension <paramref name="dim"/> (<c>torch.index_add</c>): result[..., index[k], ...] +=
    /// source[..., k, ...]; repeated indices accumulate. Differentiable in this tensor and in <paramref name="source"/>.
    /// </summary>
    public Tensor IndexAdd(int dim, Tensor index, Tensor source)
    {
        ArgumentNullException.ThrowIfNull(source);
        RequireIndexDType(nameof(IndexAdd), index);
        RequireNumeric(nameof(IndexAdd), this);
        if (index.Rank > 1 || Rank == 0)
        {
            throw new ArgumentException($"IndexAdd: expected a tensor of rank >= 1 and a 1-D index, got shapes {Shape} and {index.Shape}.");
        }

        if (source.DType != DType)
        {
            throw new ArgumentException($"IndexAdd: source dtype {source.DType.ToTorchName()} does not match self dtype {DType.ToTorchName()}.", nameof(source));
        }

        var d = Shape.NormalizeAxis(dim, Rank);
        var expected = Shape.ToArray();
        expected[d] = index.NumElements;
        if (source.Shape != Shape.Wrap(expected))
        {
            throw new ArgumentException(
                $"IndexAdd: source of shape {source.Shape} does not match self of shape {Shape} with dimension {d} replaced by the index length {index.NumElements} (expected {Shape.Wrap(expected)}).",
                nameof(source));
        }

        var idx = CheckIndexValues(nameof(IndexAdd), index, d, Shape).Data<long>();
        var result = CopyUntracked();
        var src = source.ContiguousUntracked();
        var (outer, length, inner) = Split(Shape.Raw, d);
        switch (DType)
        {
            case DType.Float32: IndexKernels.IndexAdd<float>(result.Data<float>(), outer, length, inner, idx, src.Data<float>()); break;
            case DType.Float64: IndexKernels.IndexAdd<double>(result.Data<double>(), outer, length, inner, idx, src.Data<double>()); break;
            default: IndexKernels.IndexAdd<long>(result.Data<long>(), outer, length, inner, idx, src.Data<long>()); break;
        }

        return Autograd.Record(nameof(IndexAdd), result, this, source, static (node, grad, grads) =>
        {
            var (dim, index) = ((int, Tensor))node.State!;
            grads[0] = node.NeedsInputGrad(0) ? IndexAddBackwardSelf(grad) : null;
            grads[1] = node.NeedsInputGrad(1) ? IndexAddBackwardSource(grad, dim, index) : null;
        }, (d, index));
    }

    [DerivativeOf(nameof(IndexAdd), Wrt = "x")]
    internal static Tensor IndexAddBackwardSelf(Tensor grad) => grad;

    [DerivativeOf(nameof(IndexAdd), Wrt = "source")]
    internal static Tensor IndexAddBackwardSource(Tensor grad, int dim, Tensor index) => grad.IndexSelect(dim, index);
}
