using System.Collections;

namespace AutoDiffGen.Data;

/// <summary>
/// Iterates over a dataset in batches (<c>torch.utils.data.DataLoader</c>): optionally shuffled with a seeded
/// <see cref="Generator"/>, optionally dropping the last incomplete batch, and preparing the next batch on a background
/// task while the caller works on the current one.
/// </summary>
/// <remarks>
/// Each enumeration is one epoch. The shuffle order is drawn from the generator when the enumeration starts, on the
/// caller's thread, so a given seed always gives the same sequence of epochs. Batches are produced one at a time, in
/// order, at most one ahead of the caller; an exception thrown while preparing a batch is rethrown on the caller's
/// thread by the <c>MoveNext</c> that would have returned that batch.
/// </remarks>
/// <typeparam name="TItem">The dataset's sample type.</typeparam>
/// <typeparam name="TBatch">The batch type the collate function builds.</typeparam>
public class DataLoader<TItem, TBatch> : IEnumerable<TBatch>
{
    private readonly Func<int[], TBatch> _fetch;
    private readonly Generator? _generator;

    /// <summary>Creates a loader that builds each batch by calling <paramref name="collate"/> on its samples.</summary>
    /// <param name="dataset">The samples.</param>
    /// <param name="collate">Combines the samples of one batch (PyTorch's <c>collate_fn</c>), e.g. <see cref="Collate.Stack(IReadOnlyList{Tensor})"/>.</param>
    /// <param name="batchSize">Samples per batch (the last batch may be smaller unless <paramref name="dropLast"/>).</param>
    /// <param name="shuffle">Visit the samples in a new random order each epoch.</param>
    /// <param name="dropLast">Skip the last batch when it would be smaller than <paramref name="batchSize"/>.</param>
    /// <param name="generator">The source of shuffle orders; <see cref="Generator.Default"/> when omitted.</param>
    /// <param name="prefetch">Prepare the next batch on a background task while the caller uses the current one.</param>
    public DataLoader(
        Dataset<TItem> dataset,
        Func<IReadOnlyList<TItem>, TBatch> collate,
        int batchSize = 1,
        bool shuffle = false,
        bool dropLast = false,
        Generator? generator = null,
        bool prefetch = true)
        : this(dataset, batchSize, shuffle, dropLast, generator, prefetch, FetchWith(dataset, collate))
    {
    }

    /// <summary>Creates a loader whose batches come from <paramref name="fetch"/>, given the sample indices of each batch.</summary>
    private protected DataLoader(
        Dataset<TItem> dataset, int batchSize, bool shuffle, bool dropLast, Generator? generator, bool prefetch, Func<int[], TBatch> fetch)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        if (batchSize <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, $"DataLoader: batchSize must be positive, got {batchSize}.");
        }

        Dataset = dataset;
        BatchSize = batchSize;
        Shuffle = shuffle;
        DropLast = dropLast;
        Prefetch = prefetch;
        _generator = generator;
        _fetch = fetch;
    }

    /// <summary>The dataset the batches come from.</summary>
    public Dataset<TItem> Dataset { get; }

    /// <summary>Samples per batch.</summary>
    public int BatchSize { get; }

    /// <summary>Whether each epoch visits the samples in a new random order.</summary>
    public bool Shuffle { get; }

    /// <summary>Whether the last, incomplete batch is skipped.</summary>
    public bool DropLast { get; }

    /// <summary>Whether the next batch is prepared in the background.</summary>
    public bool Prefetch { get; }

    /// <summary>Number of batches per epoch (PyTorch's <c>len(loader)</c>).</summary>
    public int Count => DropLast ? Dataset.Count / BatchSize : (Dataset.Count + BatchSize - 1) / BatchSize;

    /// <summary>Starts an epoch: draws the sample order and yields the batches in turn.</summary>
    public IEnumerator<TBatch> GetEnumerator()
    {
        // Captured now, so that changes to the dataset's size during the epoch cannot desynchronise order and count.
        var count = Count;
        var order = Shuffle ? (_generator ?? Generator.Default).Permutation(Dataset.Count) : null;
        return Prefetch ? Prefetching(order, count) : Sequential(order, count);
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private IEnumerator<TBatch> Sequential(int[]? order, int count)
    {
        for (var b = 0; b < count; b++)
        {
            yield return _fetch(BatchIndices(order, b));
        }
    }

    private IEnumerator<TBatch> Prefetching(int[]? order, int count)
    {
        Task<TBatch>? pending = count > 0 ? Start(order, 0) : null;
        try
        {
            for (var b = 0; b < count; b++)
            {
                // GetResult rethrows the fetch's own exception (not an AggregateException) here, on the consumer's thread.
                var batch = pending!.GetAwaiter().GetResult();
                pending = b + 1 < count ? Start(order, b + 1) : null;
                yield return batch;
            }
        }
        finally
        {
            // The caller stopped early (break, exception): let the batch in flight finish so no work outlives the epoch,
            // and observe its exception, which nobody will ask for.
            if (pending is not null)
            {
                try
                {
                    pending.Wait();
                }
                catch (AggregateException)
                {
                }
            }
        }
    }

    private Task<TBatch> Start(int[]? order, int batch)
    {
        var indices = BatchIndices(order, batch);
        return Task.Run(() =>
        {
            // A batch belongs to whoever consumes it, never to a scope that happens to be open on a pool thread.
            using var unscoped = TensorScope.Suspend();
            return _fetch(indices);
        });
    }

    private int[] BatchIndices(int[]? order, int batch)
    {
        var start = batch * BatchSize;
        var length = Math.Min(BatchSize, Dataset.Count - start);
        var indices = new int[length];
        for (var i = 0; i < length; i++)
        {
            indices[i] = order is null ? start + i : order[start + i];
        }

        return indices;
    }

    private static Func<int[], TBatch> FetchWith(Dataset<TItem> dataset, Func<IReadOnlyList<TItem>, TBatch> collate)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(collate);
        return indices =>
        {
            var samples = new TItem[indices.Length];
            for (var i = 0; i < samples.Length; i++)
            {
                samples[i] = dataset[indices[i]];
            }

            return collate(samples);
        };
    }
}
