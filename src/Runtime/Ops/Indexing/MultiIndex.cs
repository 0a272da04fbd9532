namespace AutoDiffGen;

public sealed partial class Tensor
{
    /// <summary>
    /// Several tensor entries (PyTorch's advanced indexing, <c>x[rows, :, cols]</c>): the index tensors broadcast together
    /// to a shape B, and element b of the selection takes, in each indexed dimension, the position its index tensor holds
    /// at b. A bool mask counts as one int64 index per dimension it covers (the coordinates of its true elements). B
    /// replaces the indexed dimensions where they are adjacent in the subscript, and goes first otherwise. Built from
    /// differentiable pieces (a basic view, a permute, a reshape, an <see cref="IndexSelect(int, Tensor)"/>), so the gradient of
    /// repeated positions accumulates.
    /// </summary>
    private Tensor MultiAdvancedIndex(TensorIndex[] indices)
    {
        // Masks become their true elements' coordinates; every tensor entry becomes one or more int64 index tensors.
        var basic = new List<TensorIndex>(indices.Length + 4);
        var advanced = new List<(Tensor Positions, int ViewDim)>();
        var firstEntry = -1;
        var lastEntry = -1;
        var consuming = indices.Sum(i => i.Kind switch
        {
            TensorIndexKind.Single or TensorIndexKind.Slice => 1,
            TensorIndexKind.Tensor => i.Tensor!.DType == DType.Bool ? Math.Max(1, i.Tensor.Rank) : 1,
            _ => 0,
        });
        if (consuming > Rank)
        {
            throw new ArgumentException($"Index: too many indices for a tensor of shape {Shape}: [{string.Join(", ", indices)}].");
        }

        int inputDim = 0, outputDim = 0;
        for (var e = 0; e < indices.Length; e++)
        {
            var entry = indices[e];
            switch (entry.Kind)
            {
                case TensorIndexKind.Tensor:
                    firstEntry = firstEntry < 0 ? e : firstEntry;
                    lastEntry = e;
                    foreach (var positions in IndexPositions(entry.Tensor!, inputDim, indices))
                    {
                        advanced.Add((positions, outputDim++));
                        basic.Add(TensorIndex.All);
                        inputDim++;
                    }

                    break;
                case TensorIndexKind.Ellipsis:
                    basic.Add(entry);
                    inputDim += Rank - consuming;
                    outputDim += Rank - consuming;
                    break;
                case TensorIndexKind.Single:
                    basic.Add(entry);
                    inputDim++;
                    break;
                case TensorIndexKind.Slice:
                    basic.Add(entry);
                    inputDim++;
                    outputDim++;
                    break;
                default: // a new axis
                    basic.Add(entry);
                    outputDim++;
                    break;
            }
        }

        // B: the index shapes broadcast together.
        var broadcast = advanced[0].Positions.Shape;
        foreach (var (positions, _) in advanced)
        {
            broadcast = Shape.Broadcast(broadcast, positions.Shape, "Index");
        }

        var view = BasicIndex([.. basic]);
        var viewDims = advanced.Select(x => x.ViewDim).ToArray();

        // The indexed dimensions first (in subscript order), flattened into one, then one IndexSelect with the linear
        // position of every element of B.
        var rest = Enumerable.Range(0, view.Rank).Where(d => Array.IndexOf(viewDims, d) < 0).ToArray();
        var flatSize = 1;
        foreach (var d in viewDims)
        {
            flatSize *= view.Shape.Raw[d];
        }

        var flattened = view.Permute([.. viewDims, .. rest]).Reshape([flatSize, .. rest.Select(d => view.Shape.Raw[d])]);
        var linear = new long[broadcast.NumElements];
        var scale = 1L;
        for (var k = advanced.Count - 1; k >= 0; k--)
        {
            var positions = advanced[k].Positions.Expand(broadcast.ToArray()).ContiguousUntracked().ToArray<long>();
            for (var i = 0; i < linear.Length; i++)
            {
                linear[i] += positions[i] * scale;
            }

            scale *= view.Shape.Raw[viewDims[k]];
        }

        var selected = flattened.IndexSelect(0, FromArray(linear));
        int[] restDims = [.. rest.Select(d => view.Shape.Raw[d])];
        var result = selected.Reshape([.. broadcast.Raw, .. restDims]);

        // Adjacent tensor entries (nothing else between them in the subscript) keep B where they stood.
        var adjacent = indices.Skip(firstEntry).Take(lastEntry - firstEntry + 1).All(i => i.Kind == TensorIndexKind.Tensor);
        var before = rest.Count(d => d < viewDims[0]);
        if (!adjacent || before == 0)
        {
            return result;
        }

        var b = broadcast.Rank;
        int[] order = [.. Enumerable.Range(b, before), .. Enumerable.Range(0, b), .. Enumerable.Range(b + before, restDims.Length - before)];
        return result.Permute(order);
    }

    /// <summary>
    /// The int64 positions one tensor entry contributes, checked against the dimensions it indexes starting at
    /// <paramref name="inputDim"/> and wrapped when negative: an int64 tensor gives itself; a bool mask one 1-d tensor
    /// per dimension it covers.
    /// </summary>
    private List<Tensor> IndexPositions(Tensor index, int inputDim, TensorIndex[] indices)
    {
        if (index.DType == DType.Int64)
        {
            return [FromArray(CheckedPositions(index, inputDim), index.Shape.ToArray())];
        }

        var covered = Math.Max(1, index.Rank);
        if (index.Rank == 0 || !Shape.Raw.AsSpan(inputDim, covered).SequenceEqual(index.Shape.Raw))
        {
            throw new ArgumentException(
                $"Index: the mask of shape {index.Shape} does not match the {covered} dimension(s) it indexes, starting at dimension {inputDim} of shape {Shape} (indices [{string.Join(", ", indices)}]).");
        }

        var mask = index.ContiguousUntracked().ToArray<bool>();
        var count = mask.Count(m => m);
        var coordinates = new long[covered][];
        for (var d = 0; d < covered; d++)
        {
            coordinates[d] = new long[count];
        }

        var found = 0;
        var dims = index.Shape.Raw;
        for (var flat = 0; flat < mask.Length; flat++)
        {
            if (!mask[flat])
            {
                continue;
            }

            var rem = flat;
            for (var d = covered - 1; d >= 0; d--)
            {
                coordinates[d][found] = rem % dims[d];
                rem /= dims[d];
            }

            found++;
        }

        return [.. coordinates.Select(c => FromArray(c))];
    }

    /// <summary>
    /// Assignment through tensor indices: the same subscript applied to the row-major position of every element gives
    /// the positions selected, in the selection's shape; each takes its broadcast value, in order.
    /// </summary>
    private Tensor AdvancedIndexPut(TensorIndex[] indices, Tensor values)
    {
        long[] selected;
        Shape selection;
        using (Autograd.NoGrad())
        {
            var picked = Arange(0, NumElements, 1, DType.Int64).Reshape(Shape.ToArray()).Index(indices);
            selection = picked.Shape;
            selected = picked.ContiguousUntracked().ToArray<long>();
        }

        if (!values.Shape.CanBroadcastTo(selection))
        {
            throw new ArgumentException($"Index assignment: values of shape {values.Shape} cannot be broadcast to the selection of shape {selection} (tensor of shape {Shape}, indices [{string.Join(", ", indices)}]).", nameof(values));
        }

        using var scratch = TensorScope.Begin();
        var source = values.To(DType).Expand(selection.ToArray()).ContiguousUntracked();
        switch (DType)
        {
            case DType.Float32: WriteSelected<float>(selected, source); break;
            case DType.Float64: WriteSelected<double>(selected, source); break;
            case DType.Int64: WriteSelected<long>(selected, source); break;
            default: WriteSelected<bool>(selected, source); break;
        }

        return this;
    }

    /// <summary>Element k of the contiguous <paramref name="source"/> goes to row-major position <paramref name="selected"/>[k] of this tensor.</summary>
    private void WriteSelected<T>(long[] selected, Tensor source)
    {
        var from = source.StorageAs<T>();
        var to = StorageAs<T>();
        var dims = Shape.Raw;
        for (var k = 0; k < selected.Length; k++)
        {
            // Row-major position to storage offset, through this tensor's own strides (it may be a strided view).
            var rem = selected[k];
            var offset = Offset;
            for (var d = dims.Length - 1; d >= 0; d--)
            {
                offset += (int)(rem % dims[d]) * Strides[d];
                rem /= dims[d];
            }

            to[offset] = from[source.Offset + k];
        }
    }

    /// <summary>An int64 index tensor's positions, row-major, checked against dimension <paramref name="dim"/> and wrapped when negative.</summary>
    private long[] CheckedPositions(Tensor index, int dim)
    {
        var positions = index.ContiguousUntracked().ToArray<long>();
        for (var k = 0; k < positions.Length; k++)
        {
            positions[k] = SliceSpec.CheckIndex(nameof(Index), Shape, dim, positions[k]);
        }

        return positions;
    }
}
