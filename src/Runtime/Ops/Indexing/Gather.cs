using AutoDiffGen.Kernels;

namespace AutoDiffGen;

public sealed partial class Tensor
{
    /// <summary>
    /// Picks values along dimension <paramref name="dim"/> at the positions in <paramref name="index"/> (int64, same rank
    /// as this tensor, no larger in any other dimension) (<c>torch.gather</c>): for dim = 1,
    /// result[i, j, k] = this[i, index[i, j, k], k]. The result has the index's shape.
    /// </summary>
    public Tensor Gather(int dim, Tensor index)
    {
        RequireIndexDType(nameof(Gather), index);
        var d = Shape.NormalizeAxis(dim, Rank);
        CheckScatterGatherShapes(nameof(Gather), d, Shape, index.Shape, null);
        var idx = CheckIndexValues(nameof(Gather), index, d, Shape);
        var source = ContiguousUntracked();
        var strides = Shape.ContiguousStrides();
        var dims = index.Shape.Raw;
        var result = Empty(index.Shape, DType);
        switch (DType)
        {
            case DType.Float32: IndexKernels.Gather<float>(source.Data<float>(), strides, idx.Data<long>(), dims, d, result.Data<float>()); break;
            case DType.Float64: IndexKernels.Gather<double>(source.Data<double>(), strides, idx.Data<long>(), dims, d, result.Data<double>()); break;
            case DType.Int64: IndexKernels.Gather<long>(source.Data<long>(), strides, idx.Data<long>(), dims, d, result.Data<long>()); break;
            default: IndexKernels.Gather<bool>(source.Data<bool>(), strides, idx.Data<long>(), dims, d, result.Data<bool>()); break;
        }

        return Autograd.Record(nameof(Gather), result, this, static (node, grad, grads) =>
        {
            var (dim, index) = ((int, Tensor))node.State!;
            grads[0] = GatherBackward(grad, node.Inputs[0], dim, index);
        }, (d, index));
    }

    [DerivativeOf(nameof(Gather))]
    internal static Tensor GatherBackward(Tensor grad, Tensor x, int dim, Tensor index) => ZerosLike(x).ScatterAdd(dim, index, grad);

    /// <summary>
    /// Checks PyTorch's shape rules for gather/scatter: index, self (and src) have the same rank; index is no larger than
    /// self in every dimension but <paramref name="dim"/>, and no larger than src in any dimension.
    /// </summary>
    internal static void CheckScatterGatherShapes(string op, int dim, Shape self, Shape index, Shape? src)
    {
        if (index.Rank != self.Rank || (src is { } s && s.Rank != self.Rank))
        {
            var srcText = src is { } s2 ? $", src {s2}" : "";
            throw new ArgumentException($"{op}: index, self{(src is null ? "" : " and src")} must have the same number of dimensions, got index {index}, self {self}{srcText}.");
        }

        for (var i = 0; i < index.Rank; i++)
        {
            if (i != dim && index.Raw[i] > self.Raw[i])
            {
                throw new ArgumentException($"{op}: size of index {index} is larger than size of self {self} in dimension {i} ({index.Raw[i]} > {self.Raw[i]}); only dimension {dim} may differ.");
            }

            if (src is { } s3 && index.Raw[i] > s3.Raw[i])
            {
                throw new ArgumentException($"{op}: size of index {index} is larger than size of src {s3} in dimension {i} ({index.Raw[i]} > {s3.Raw[i]}).");
            }
        }
    }
}
