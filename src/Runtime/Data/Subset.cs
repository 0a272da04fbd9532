namespace AutoDiffGen.Data;

/// <summary>The samples of <see cref="Dataset"/> at the given <see cref="Indices"/>, in that order (<c>torch.utils.data.Subset</c>).</summary>
/// <typeparam name="T">The sample type.</typeparam>
public sealed class Subset<T> : Dataset<T>
{
    private readonly int[] _indices;

    /// <summary>Creates a view of <paramref name="dataset"/> restricted to <paramref name="indices"/>; every index must be valid.</summary>
    public Subset(Dataset<T> dataset, IReadOnlyList<int> indices)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(indices);
        _indices = indices.ToArray();
        foreach (var i in _indices)
        {
            if ((uint)i >= (uint)dataset.Count)
            {
                throw new ArgumentOutOfRangeException(nameof(indices), i, $"Subset: index {i} is out of range for a dataset of {dataset.Count} samples.");
            }
        }

        Dataset = dataset;
    }

    /// <summary>The underlying dataset.</summary>
    public Dataset<T> Dataset { get; }

    /// <summary>The indices into <see cref="Dataset"/> that this subset exposes.</summary>
    public IReadOnlyList<int> Indices => _indices;

    /// <inheritdoc/>
    public override int Count => _indices.Length;

    /// <inheritdoc/>
    public override T this[int index]
    {
        get
        {
            CheckIndex(index);
            return Dataset[_indices[index]];
        }
    }
}
