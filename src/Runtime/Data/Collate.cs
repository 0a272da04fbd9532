namespace AutoDiffGen.Data;

/// <summary>Functions that combine samples into a batch (PyTorch's <c>collate_fn</c>; <see cref="Stack(IReadOnlyList{Tensor[]})"/> is its <c>default_collate</c>).</summary>
public static class Collate
{
    /// <summary>
    /// Stacks samples of several fields field by field: field <c>j</c> of the batch has shape
    /// <c>[samples.Count, ...shape of field j]</c>. Every sample must have the same number of fields, and each field the
    /// same shape and dtype in every sample. The result is a new leaf tensor (batches are data, not part of a graph).
    /// </summary>
    public static Tensor[] Stack(IReadOnlyList<Tensor[]> samples)
    {
        ArgumentNullException.ThrowIfNull(samples);
        if (samples.Count == 0)
        {
            throw new ArgumentException("Collate.Stack: cannot build a batch from zero samples.", nameof(samples));
        }

        var fields = samples[0].Length;
        for (var s = 1; s < samples.Count; s++)
        {
            if (samples[s].Length != fields)
            {
                throw new ArgumentException($"Collate.Stack: sample 0 has {fields} fields but sample {s} has {samples[s].Length}.", nameof(samples));
            }
        }

        var batch = new Tensor[fields];
        var column = new Tensor[samples.Count];
        for (var f = 0; f < fields; f++)
        {
            for (var s = 0; s < column.Length; s++)
            {
                column[s] = samples[s][f];
            }

            batch[f] = StackCore(column, $" field {f}");
        }

        return batch;
    }

    /// <summary>
    /// Stacks single-tensor samples into one tensor of shape <c>[samples.Count, ...sample shape]</c>; every sample must
    /// have the same shape and dtype. The result is a new leaf tensor.
    /// </summary>
    public static Tensor Stack(IReadOnlyList<Tensor> samples)
    {
        ArgumentNullException.ThrowIfNull(samples);
        if (samples.Count == 0)
        {
            throw new ArgumentException("Collate.Stack: cannot build a batch from zero samples.", nameof(samples));
        }

        return StackCore(samples, string.Empty);
    }

    private static Tensor StackCore(IReadOnlyList<Tensor> samples, string what)
    {
        var first = samples[0] ?? throw new ArgumentException($"Collate.Stack: sample 0{what} is null.", nameof(samples));
        for (var s = 1; s < samples.Count; s++)
        {
            var t = samples[s] ?? throw new ArgumentException($"Collate.Stack: sample {s}{what} is null.", nameof(samples));
            if (t.Shape != first.Shape || t.DType != first.DType)
            {
                throw new ArgumentException(
                    $"Collate.Stack: sample {s}{what} is {t.DType.ToTorchName()} {t.Shape} but sample 0{what} is {first.DType.ToTorchName()} {first.Shape}; stacking needs equal shapes and dtypes.",
                    nameof(samples));
            }
        }

        var dims = new int[first.Rank + 1];
        dims[0] = samples.Count;
        first.Shape.Dims.CopyTo(dims.AsSpan(1));
        var result = Tensor.Empty(new Shape(dims), first.DType);
        var n = first.NumElements;
        for (var s = 0; s < samples.Count; s++)
        {
            var source = samples[s].ContiguousUntracked();
            Array.Copy(source.Storage, source.Offset, result.Storage, s * n, n);
        }

        return result;
    }
}
