using AutoDiffGen.Distributed;

namespace AutoDiffGen.Data;

/// <summary>
/// Splits a dataset's indices into one equal shard per rank for data-parallel training
/// (<c>torch.utils.data.distributed.DistributedSampler</c>): every rank draws the same order from a shared seed and
/// takes every <see cref="NumReplicas"/>-th index starting at its <see cref="Rank"/>, so the shards are disjoint and
/// together cover the epoch.
/// </summary>
/// <remarks>
/// When the dataset does not divide evenly, the order is padded with its own first indices (a few samples seen twice)
/// or, with <c>dropLast</c>, cut to a multiple of the number of ranks, so every rank runs the same number of steps: a
/// rank with one batch more would wait forever in its extra all-reduce. Call <see cref="SetEpoch"/> before each epoch
/// to get a new order; then build the epoch's loader over <see cref="Shard{T}"/>:
/// <c>sampler.SetEpoch(epoch); var loader = new DataLoader(sampler.Shard(train), batchSize);</c>.
/// With interleaved shards, step k's batches of B samples on p ranks are exactly the k-th batch of pB samples of the
/// same order in one process.
/// </remarks>
public sealed class DistributedSampler
{
    private readonly int _datasetCount;

    /// <summary>Creates a sampler for a dataset of <paramref name="datasetCount"/> samples.</summary>
    /// <param name="datasetCount">Number of samples in the dataset.</param>
    /// <param name="numReplicas">Number of ranks; <see cref="DistributedEnvironment.WorldSize"/> when omitted.</param>
    /// <param name="rank">This rank; <see cref="DistributedEnvironment.Rank"/> when omitted.</param>
    /// <param name="shuffle">Draw a new order each epoch (from <c>seed + epoch</c>, the same on every rank).</param>
    /// <param name="seed">The shared seed; must be the same on every rank.</param>
    /// <param name="dropLast">Drop the tail instead of padding to a multiple of the number of ranks.</param>
    public DistributedSampler(int datasetCount, int? numReplicas = null, int? rank = null, bool shuffle = true, long seed = 0, bool dropLast = false)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(datasetCount);
        NumReplicas = numReplicas ?? DistributedEnvironment.WorldSize;
        Rank = rank ?? DistributedEnvironment.Rank;
        if (NumReplicas <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(numReplicas), NumReplicas, $"DistributedSampler: numReplicas must be positive, got {NumReplicas}.");
        }

        if ((uint)Rank >= (uint)NumReplicas)
        {
            throw new ArgumentOutOfRangeException(nameof(rank), Rank, $"DistributedSampler: rank {Rank} is outside [0, {NumReplicas - 1}].");
        }

        _datasetCount = datasetCount;
        Shuffle = shuffle;
        Seed = seed;
        DropLast = dropLast;
        NumSamples = dropLast ? datasetCount / NumReplicas : (datasetCount + NumReplicas - 1) / NumReplicas;
    }

    /// <summary>Number of ranks the dataset is split over.</summary>
    public int NumReplicas { get; }

    /// <summary>The rank whose shard this sampler yields.</summary>
    public int Rank { get; }

    /// <summary>Whether each epoch has a new order.</summary>
    public bool Shuffle { get; }

    /// <summary>The seed shared by all ranks.</summary>
    public long Seed { get; }

    /// <summary>Whether the tail is dropped rather than padded.</summary>
    public bool DropLast { get; }

    /// <summary>The epoch whose order <see cref="Indices"/> gives.</summary>
    public int Epoch { get; private set; }

    /// <summary>Samples per rank per epoch (the same on every rank).</summary>
    public int NumSamples { get; }

    /// <summary>Selects the epoch, and so the shuffle order (PyTorch's <c>set_epoch</c>); call it before each epoch on every rank.</summary>
    public void SetEpoch(int epoch) => Epoch = epoch;

    /// <summary>This rank's indices for the current epoch, in order.</summary>
    public int[] Indices()
    {
        var order = Shuffle ? new Generator(Seed + Epoch).Permutation(_datasetCount) : Enumerable.Range(0, _datasetCount).ToArray();
        var shard = new int[NumSamples];
        for (var i = 0; i < NumSamples; i++)
        {
            // Past the end (padding), wrap around to the start of the order.
            var position = Rank + (i * NumReplicas);
            shard[i] = order.Length == 0 ? 0 : order[position < order.Length ? position : (position - order.Length) % order.Length];
        }

        return shard;
    }

    /// <summary>This rank's part of <paramref name="dataset"/> for the current epoch, for a <see cref="DataLoader"/> without its own shuffle.</summary>
    public Subset<T> Shard<T>(Dataset<T> dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        if (dataset.Count != _datasetCount)
        {
            throw new ArgumentException($"DistributedSampler: it was created for {_datasetCount} samples, but the dataset has {dataset.Count}.", nameof(dataset));
        }

        return new Subset<T>(dataset, Indices());
    }
}
