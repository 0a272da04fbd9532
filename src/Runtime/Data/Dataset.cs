namespace AutoDiffGen.Data;

/// <summary>Operations on datasets (the functions of <c>torch.utils.data</c>).</summary>
public static class Dataset
{
    /// <summary>
    /// Splits <paramref name="dataset"/> into non-overlapping random subsets of the given <paramref name="lengths"/>,
    /// which must add up to the dataset's size (<c>torch.utils.data.random_split</c>).
    /// </summary>
    /// <param name="dataset">The dataset to split.</param>
    /// <param name="lengths">The size of each subset.</param>
    /// <param name="generator">The source of the permutation; <see cref="Generator.Default"/> when omitted.</param>
    public static Subset<T>[] RandomSplit<T>(Dataset<T> dataset, IReadOnlyList<int> lengths, Generator? generator = null)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(lengths);
        long total = 0;
        foreach (var length in lengths)
        {
            if (length < 0)
            {
                throw new ArgumentException($"RandomSplit: lengths must be non-negative, got [{string.Join(", ", lengths)}].", nameof(lengths));
            }

            total += length;
        }

        if (total != dataset.Count)
        {
            throw new ArgumentException(
                $"RandomSplit: the lengths [{string.Join(", ", lengths)}] add up to {total}, but the dataset has {dataset.Count} samples.", nameof(lengths));
        }

        var permutation = (generator ?? Generator.Default).Permutation(dataset.Count);
        var subsets = new Subset<T>[lengths.Count];
        var offset = 0;
        for (var i = 0; i < subsets.Length; i++)
        {
            subsets[i] = new Subset<T>(dataset, new ArraySegment<int>(permutation, offset, lengths[i]));
            offset += lengths[i];
        }

        return subsets;
    }

    /// <summary>
    /// Splits <paramref name="dataset"/> into random subsets holding the given <paramref name="fractions"/> of it, which
    /// must add up to 1. As in PyTorch, each subset gets <c>floor(fraction * Count)</c> samples and the remainder is
    /// dealt one by one to the subsets in order.
    /// </summary>
    public static Subset<T>[] RandomSplit<T>(Dataset<T> dataset, IReadOnlyList<double> fractions, Generator? generator = null)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(fractions);
        var sum = 0.0;
        foreach (var f in fractions)
        {
            if (!(f >= 0 && f <= 1))
            {
                throw new ArgumentException($"RandomSplit: fractions must lie in [0, 1], got [{string.Join(", ", fractions)}].", nameof(fractions));
            }

            sum += f;
        }

        // NOTE: same tolerance as PyTorch, so that e.g. [0.7, 0.2, 0.1] (which sums to 0.9999999999999999) is accepted.
        if (fractions.Count == 0 || Math.Abs(sum - 1) > 1e-6)
        {
            throw new ArgumentException($"RandomSplit: fractions [{string.Join(", ", fractions)}] must add up to 1 (they add up to {sum}).", nameof(fractions));
        }

        var lengths = new int[fractions.Count];
        var assigned = 0;
        for (var i = 0; i < lengths.Length; i++)
        {
            lengths[i] = (int)Math.Floor(dataset.Count * fractions[i]);
            assigned += lengths[i];
        }

        for (var i = 0; assigned < dataset.Count; i++, assigned++)
        {
            lengths[i % lengths.Length]++;
        }

        return RandomSplit(dataset, lengths, generator);
    }
}
