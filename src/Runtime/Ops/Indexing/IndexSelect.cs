using AutoDiffGen.Kernels;

namespace AutoDiffGen;

public sealed partial class Tensor
{
    /// <summary>
    /// The entries at positions <paramref name="index"/> (a 1-D int64 tensor, repeats allowed) along dimension
    /// <paramref name="dim"/> (<c>torch.index_select</c>): result[..., k, ...] = this[..., index[k], ...]. A copy.
    /// </summary>
    public Tensor IndexSelect(int dim, Tensor index)
    {
        RequireIndexDType(nameof(IndexSelect), index);
        if (index.Rank > 1)
        {
            throw new ArgumentException($"IndexSelect: index must be a 1-D tensor, got shape {index.Shape}.", nameof(index));
        }

        if (Rank == 0)
        {
            throw new ArgumentException("IndexSelect: cannot be applied to a 0-dim tensor.");
        }

        var d = Shape.NormalizeAxis(dim, Rank);
        var idx = CheckIndexValues(nameof(IndexSelect), index, d, Shape).Data<long>();
        var source = ContiguousUntracked();
        var (outer, length, inner) = Split(Shape.Raw, d);
        var dims = Shape.ToArray();
        dims[d] = idx.Length;
        var result = Empty(Shape.Wrap(dims), DType);
        switch (DType)
        {
            case DType.Float32: IndexKernels.IndexSelect<float>(source.Data<float>(), outer, length, inner, idx, result.Data<float>()); break;
            case DType.Float64: IndexKernels.IndexSelect<double>(source.Data<double>(), outer, length, inner, idx, result.Data<double>()); break;
            case DType.Int64: IndexKernels.IndexSelect<long>(source.Data<long>(), outer, length, inner, idx, result.Data<long>()); break;
            default: IndexKernels.IndexSelect<bool>(source.Data<bool>(), outer, length, inner, idx, result.Data<bool>()); break;
        }

        return Autograd.Record(nameof(IndexSelect), result, this, static (node, grad, grads) =>
        {
            var (dim, index) = ((int, Tensor))node.State!;
            grads[0] = IndexSelectBackward(grad, node.Inputs[0], dim, index);
        }, (d, index));
    }

    /// <summary>The entries of <paramref name="input"/> at positions <paramref name="index"/> along <paramref name="dim"/> (<c>torch.index_select(input, dim, index)</c>); see <see cref="IndexSelect(int, Tensor)"/>.</summary>
    public static Tensor IndexSelect(Tensor input, int dim, Tensor index)
    {
        ArgumentNullException.ThrowIfNull(input);
        return input.IndexSelect(dim, index);
    }

    [DerivativeOf(nameof(IndexSelect))]
    internal static Tensor IndexSelectBackward(Tensor grad, Tensor x, int dim, Tensor index) => ZerosLike(x).IndexAdd(dim, index, grad);
}
