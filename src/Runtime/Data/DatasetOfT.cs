namespace AutoDiffGen.Data;

/// <summary>
/// A finite, indexable collection of samples, as PyTorch's map-style <c>torch.utils.data.Dataset</c>.
/// A <see cref="DataLoader{TItem, TBatch}"/> draws batches from it.
/// </summary>
/// <typeparam name="T">The type of one sample, for example <c>Tensor[]</c> holding an input and its label.</typeparam>
public abstract class Dataset<T>
{
    /// <summary>Number of samples (PyTorch's <c>__len__</c>).</summary>
    public abstract int Count { get; }

    /// <summary>The sample at <paramref name="index"/>, in 0..<see cref="Count"/>-1 (PyTorch's <c>__getitem__</c>).</summary>
    public abstract T this[int index] { get; }

    /// <summary>Throws a clear error when <paramref name="index"/> is not a valid sample index.</summary>
    protected void CheckIndex(int index)
    {
        if ((uint)index >= (uint)Count)
        {
            throw new ArgumentOutOfRangeException(nameof(index), index, $"{GetType().Name}: index {index} is out of range for a dataset of {Count} samples.");
        }
    }
}
