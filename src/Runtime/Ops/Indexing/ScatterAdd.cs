using AutoDiffGen.Kernels;

namespace AutoDiffGen;

public sealed partial class Tensor
{
    /// <summary>
    /// A copy of this tensor with the values of <paramref name="src"/> added at the positions <paramref name="index"/>
    /// gives along dimension <paramref name="dim"/> (<c>torch.scatter_add</c>): for dim = 1,
    /// result[i, index[i, j, k], k] += src[i, j, k]; repeated targets accumulate. Only the first index.Shape entries of
    /// <paramref name="src"/> are read. Differentiable in this tensor and in <paramref name="src"/>.
    /// </summary>
    public Tensor ScatterAdd(int dim, Tensor index, Tensor src)
    {
        ArgumentNullException.ThrowIfNull(src);
        RequireIndexDType(nameof(ScatterAdd), index);
        RequireNumeric(nameof(ScatterAdd), this);
        if (src.DType != DType)
        {
            throw new ArgumentException($"ScatterAdd: expected self and src to have the same dtype, got {DType.ToTorchName()} and {src.DType.ToTorchName()}.", nameof(src));
        }

        var d = Shape.NormalizeAxis(dim, Rank);
        CheckScatterGatherShapes(nameof(ScatterAdd), d, Shape, index.Shape, src.Shape);
        var idx = CheckIndexValues(nameof(ScatterAdd), index, d, Shape).Data<long>();
        var result = CopyUntracked();
        var source = src.ContiguousUntracked();
        var (selfStrides, srcStrides, dims) = (Shape.ContiguousStrides(), src.Shape.ContiguousStrides(), index.Shape.Raw);
        switch (DType)
        {
            case DType.Float32: IndexKernels.ScatterAdd<float>(result.Data<float>(), selfStrides, idx, dims, d, source.Data<float>(), srcStrides); break;
            case DType.Float64: IndexKernels.ScatterAdd<double>(result.Data<double>(), selfStrides, idx, dims, d, source.Data<double>(), srcStrides); break;
            default: IndexKernels.ScatterAdd<long>(result.Data<long>(), selfStrides, idx, dims, d, source.Data<long>(), srcStrides); break;
        }

        return Autograd.Record(nameof(ScatterAdd), result, this, src, static (node, grad, grads) =>
        {
            var (dim, index) = ((int, Tensor))node.State!;
            grads[0] = node.NeedsInputGrad(0) ? ScatterAddBackwardSelf(grad) : null;
            grads[1] = node.NeedsInputGrad(1) ? ScatterAddBackwardSrc(grad, dim, index, node.Inputs[1]) : null;
        }, (d, index));
    }

    [DerivativeOf(nameof(ScatterAdd), Wrt = "x")]
    internal static Tensor ScatterAddBackwardSelf(Tensor grad) => grad;

    /// <summary>grad gathered at the index; src entries beyond the index's extent got no use, so their gradient is zero.</summary>
    [DerivativeOf(nameof(ScatterAdd), Wrt = "src")]
    internal static Tensor ScatterAddBackwardSrc(Tensor grad, int dim, Tensor index, Tensor src)
    {
        var gathered = grad.Gather(dim, index);
        if (gathered.Shape == src.Shape)
        {
            return gathered;
        }

        var rank = src.Rank;
        var steps = new int[rank];
        var sources = new int[rank];
        for (var i = 0; i < rank; i++)
        {
            steps[i] = 1;
            sources[i] = i;
        }

        return SliceBackward(gathered, new SliceSpec(src.Shape, new int[rank], index.Shape.ToArray(), sources, steps));
    }
}
