namespace AutoDiffGen;

public sealed partial class Tensor
{
    /// <summary>
    /// Each element (or each slice along <paramref name="dim"/>) repeated <paramref name="repeats"/> times in a row
    /// (<c>torch.repeat_interleave</c>): [1, 2].RepeatInterleave(2) is [1, 1, 2, 2]. Without <paramref name="dim"/> the
    /// tensor is flattened first, as in PyTorch. Differentiable (the gradient sums the copies).
    /// </summary>
    public Tensor RepeatInterleave(int repeats, int? dim = null)
    {
        if (repeats < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(repeats), repeats, $"RepeatInterleave: repeats must be non-negative (tensor of shape {Shape}).");
        }

        var source = dim is null ? Reshape(-1) : this;
        if (source.Rank == 0)
        {
            source = source.Reshape(1);
        }

        var d = Shape.NormalizeAxis(dim ?? 0, source.Rank);
        var expanded = new int[source.Rank + 1];
        for (int i = 0, j = 0; i < expanded.Length; i++)
        {
            expanded[i] = i == d + 1 ? repeats : source.Shape.Raw[j++];
        }

        var final = source.Shape.ToArray();
        final[d] *= repeats;
        return source.Unsqueeze(d + 1).Expand(expanded).Clone().Reshape(final);
    }

    /// <summary>
    /// Slice i along <paramref name="dim"/> repeated <paramref name="repeats"/>[i] times (a 1-D int64 tensor with one
    /// count per slice, or a single count for all), as <c>torch.repeat_interleave(input, repeats, dim)</c>.
    /// </summary>
    public Tensor RepeatInterleave(Tensor repeats, int? dim = null)
    {
        ArgumentNullException.ThrowIfNull(repeats);
        if (repeats.DType != DType.Int64 || repeats.Rank > 1)
        {
            throw new ArgumentException($"RepeatInterleave: repeats must be a 0-d or 1-D int64 tensor, got {repeats.DType.ToTorchName()} of shape {repeats.Shape}.", nameof(repeats));
        }

        var source = dim is null ? Reshape(-1) : this;
        var d = Shape.NormalizeAxis(dim ?? 0, Math.Max(source.Rank, 1));
        var counts = repeats.ToArray<long>();
        var length = source.Rank == 0 ? 1 : source.Shape.Raw[d];
        if (counts.Length == 1 && length != 1)
        {
            return RepeatInterleave(checked((int)counts[0]), dim);
        }

        if (counts.Length != length)
        {
            throw new ArgumentException($"RepeatInterleave: repeats must have the same size ({counts.Length}) as the input along dim {d} ({length}); input shape {Shape}.", nameof(repeats));
        }

        var positions = new List<long>();
        for (var i = 0; i < counts.Length; i++)
        {
            if (counts[i] < 0)
            {
                throw new ArgumentException($"RepeatInterleave: repeats must be non-negative, found {counts[i]} at position {i}.", nameof(repeats));
            }

            for (var k = 0L; k < counts[i]; k++)
            {
                positions.Add(i);
            }
        }

        return source.IndexSelect(d, FromArray(positions.ToArray(), positions.Count));
    }
}
