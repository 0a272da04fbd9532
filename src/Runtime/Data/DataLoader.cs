namespace AutoDiffGen.Data;

/// <summary>
/// A <see cref="DataLoader{TItem, TBatch}"/> over samples made of tensors (such as a <see cref="TensorDataset"/>),
/// whose batches are stacked field by field: <c>foreach (var batch in loader) { var (x, y) = (batch[0], batch[1]); }</c>.
/// </summary>
/// <remarks>
/// Without a custom collate function, batches of a <see cref="TensorDataset"/> (or of a <see cref="Subset{T}"/> of one)
/// are gathered straight from the dataset's tensors into one new tensor per field, with no per-sample tensors.
/// </remarks>
public sealed class DataLoader : DataLoader<Tensor[], Tensor[]>
{
    /// <summary>Creates a loader over <paramref name="dataset"/>.</summary>
    /// <param name="dataset">The samples.</param>
    /// <param name="batchSize">Samples per batch (the last batch may be smaller unless <paramref name="dropLast"/>).</param>
    /// <param name="shuffle">Visit the samples in a new random order each epoch.</param>
    /// <param name="dropLast">Skip the last batch when it would be smaller than <paramref name="batchSize"/>.</param>
    /// <param name="generator">The source of shuffle orders; <see cref="Generator.Default"/> when omitted.</param>
    /// <param name="collate">Combines samples into a batch; <see cref="Collate.Stack(IReadOnlyList{Tensor[]})"/> when omitted.</param>
    /// <param name="prefetch">Prepare the next batch on a background task while the caller uses the current one.</param>
    public DataLoader(
        Dataset<Tensor[]> dataset,
        int batchSize = 1,
        bool shuffle = false,
        bool dropLast = false,
        Generator? generator = null,
        Func<IReadOnlyList<Tensor[]>, Tensor[]>? collate = null,
        bool prefetch = true)
        : base(dataset, batchSize, shuffle, dropLast, generator, prefetch, ChooseFetch(dataset, collate))
    {
    }

    private static Func<int[], Tensor[]> ChooseFetch(Dataset<Tensor[]> dataset, Func<IReadOnlyList<Tensor[]>, Tensor[]>? collate)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        if (collate is null && TryResolve(dataset, out var resolved, out var map))
        {
            var tensors = resolved;
            if (map is null)
            {
                return indices => tensors.GetBatch(indices);
            }

            return indices =>
            {
                for (var i = 0; i < indices.Length; i++)
                {
                    indices[i] = map[indices[i]];
                }

                return tensors.GetBatch(indices);
            };
        }

        collate ??= Collate.Stack;
        return indices =>
        {
            var samples = new Tensor[indices.Length][];
            for (var i = 0; i < samples.Length; i++)
            {
                samples[i] = dataset[indices[i]];
            }

            return collate(samples);
        };
    }

    /// <summary>
    /// Finds the <see cref="TensorDataset"/> under a chain of subsets, and the map from this dataset's indices to its rows
    /// (<c>null</c> when the dataset is the tensor dataset itself).
    /// </summary>
    private static bool TryResolve(Dataset<Tensor[]> dataset, out TensorDataset tensors, out int[]? map)
    {
        map = null;
        while (dataset is Subset<Tensor[]> subset)
        {
            map = map is null ? subset.Indices.ToArray() : Array.ConvertAll(map, i => subset.Indices[i]);
            dataset = subset.Dataset;
        }

        if (dataset is TensorDataset t)
        {
            tensors = t;
            return true;
        }

        tensors = null!;
        return false;
    }
}
