namespace AutoDiffGen.Data;

/// <summary>
/// A dataset over tensors that share their first dimension: sample <c>i</c> is the array of row <c>i</c> of each
/// tensor (<c>torch.utils.data.TensorDataset</c>). A <see cref="DataLoader"/> batches it by copying the chosen rows
/// straight into one new tensor per field, without building a tensor per sample.
/// </summary>
public class TensorDataset : Dataset<Tensor[]>
{
    private readonly Tensor[] _tensors;

    // Contiguous, untracked copies (or the tensors themselves), so rows are plain ranges of the storage.
    private readonly Tensor[] _contiguous;

    /// <summary>Creates a dataset over <paramref name="tensors"/>, which must all have at least one dimension and the same size in it.</summary>
    public TensorDataset(params Tensor[] tensors)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        if (tensors.Length == 0)
        {
            throw new ArgumentException("TensorDataset: at least one tensor is required.", nameof(tensors));
        }

        for (var i = 0; i < tensors.Length; i++)
        {
            var t = tensors[i] ?? throw new ArgumentException($"TensorDataset: tensor {i} is null.", nameof(tensors));
            if (t.Rank == 0)
            {
                throw new ArgumentException($"TensorDataset: tensor {i} is zero-dimensional; every tensor needs a first dimension to index samples by.", nameof(tensors));
            }

            if (t.Size(0) != tensors[0].Size(0))
            {
                throw new ArgumentException(
                    $"TensorDataset: all tensors must have the same size in dimension 0, but tensor 0 has shape {tensors[0].Shape} and tensor {i} has shape {t.Shape}.",
                    nameof(tensors));
            }
        }

        _tensors = (Tensor[])tensors.Clone();

        // The dataset outlives any TensorScope it is created in: its own views and copies must not be recycled.
        using var unscoped = TensorScope.Suspend();
        _contiguous = Array.ConvertAll(_tensors, t => t.Detach().ContiguousUntracked());
    }

    /// <summary>The tensors, as given.</summary>
    public IReadOnlyList<Tensor> Tensors => _tensors;

    /// <inheritdoc/>
    public override int Count => _tensors[0].Size(0);

    /// <summary>Row <paramref name="index"/> of every tensor, as detached views that share memory with the dataset.</summary>
    /// <remarks>Sealed: a <see cref="DataLoader"/> relies on samples being exactly these rows when it gathers batches.</remarks>
    public sealed override Tensor[] this[int index]
    {
        get
        {
            CheckIndex(index);
            var rows = new Tensor[_contiguous.Length];
            for (var i = 0; i < rows.Length; i++)
            {
                var t = _contiguous[i];
                var rowShape = new Shape(t.Shape.Dims[1..].ToArray());
                rows[i] = new Tensor(t.Storage, rowShape, rowShape.ContiguousStrides(), t.Offset + index * RowLength(t));
            }

            return rows;
        }
    }

    /// <summary>
    /// The rows at <paramref name="indices"/> of every tensor, each field gathered into one new contiguous tensor whose
    /// first dimension is the batch: what <see cref="Collate.Stack(IReadOnlyList{Tensor[]})"/> would build from the
    /// samples, at the cost of one row copy each.
    /// </summary>
    public Tensor[] GetBatch(ReadOnlySpan<int> indices)
    {
        foreach (var index in indices)
        {
            CheckIndex(index);
        }

        var batch = new Tensor[_contiguous.Length];
        for (var i = 0; i < batch.Length; i++)
        {
            var t = _contiguous[i];
            var dims = t.Shape.ToArray();
            dims[0] = indices.Length;
            var result = Tensor.Empty(new Shape(dims), t.DType);
            switch (t.DType)
            {
                case DType.Float32: GatherRows(t.StorageAs<float>(), t.Offset, RowLength(t), indices, result.Data<float>()); break;
                case DType.Float64: GatherRows(t.StorageAs<double>(), t.Offset, RowLength(t), indices, result.Data<double>()); break;
                case DType.Int64: GatherRows(t.StorageAs<long>(), t.Offset, RowLength(t), indices, result.Data<long>()); break;
                default: GatherRows(t.StorageAs<bool>(), t.Offset, RowLength(t), indices, result.Data<bool>()); break;
            }

            batch[i] = result;
        }

        return batch;
    }

    private static int RowLength(Tensor t) => t.Size(0) == 0 ? 0 : t.NumElements / t.Size(0);

    /// <summary>Copies row <c>indices[k]</c> of the source into row <c>k</c> of <paramref name="destination"/>.</summary>
    private static void GatherRows<T>(T[] source, int offset, int rowLength, ReadOnlySpan<int> indices, Span<T> destination)
    {
        for (var k = 0; k < indices.Length; k++)
        {
            source.AsSpan(offset + indices[k] * rowLength, rowLength).CopyTo(destination.Slice(k * rowLength, rowLength));
        }
    }
}
