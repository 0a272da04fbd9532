namespace AutoDiffGen;

public sealed partial class Tensor
{
    /// <summary>
    /// Views of consecutive pieces of <paramref name="splitSize"/> along dimension <paramref name="dim"/>; the last is
    /// smaller when the size does not divide evenly (<c>torch.split</c>). Each piece is a <see cref="Narrow"/>.
    /// </summary>
    public Tensor[] Split(int splitSize, int dim = 0)
    {
        var d = RequireSplittable(nameof(Split), dim);
        var size = Shape.Raw[d];
        if (splitSize <= 0 && !(splitSize == 0 && size == 0))
        {
            throw new ArgumentOutOfRangeException(nameof(splitSize), splitSize, $"Split: split size must be positive, got {splitSize} (dimension {d} of shape {Shape}).");
        }

        var count = size == 0 ? 1 : (size + splitSize - 1) / splitSize;
        var pieces = new Tensor[count];
        for (var i = 0; i < count; i++)
        {
            var start = i * splitSize;
            pieces[i] = Narrow(d, start, Math.Min(splitSize, size - start));
        }

        return pieces;
    }

    /// <summary>
    /// Views of consecutive pieces of the given <paramref name="sizes"/> along dimension <paramref name="dim"/>, which must
    /// add up to that dimension's size (<c>torch.split</c> with a list).
    /// </summary>
    public Tensor[] Split(IReadOnlyList<int> sizes, int dim = 0)
    {
        ArgumentNullException.ThrowIfNull(sizes);
        var d = RequireSplittable(nameof(Split), dim);
        long total = 0;
        foreach (var s in sizes)
        {
            if (s < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(sizes), s, $"Split: sizes must be non-negative, got [{string.Join(", ", sizes)}].");
            }

            total += s;
        }

        if (total != Shape.Raw[d])
        {
            throw new ArgumentException(
                $"Split: sizes [{string.Join(", ", sizes)}] must sum exactly to {Shape.Raw[d]} (the size of dimension {d} of shape {Shape}), but sum to {total}.",
                nameof(sizes));
        }

        var pieces = new Tensor[sizes.Count];
        var start = 0;
        for (var i = 0; i < sizes.Count; i++)
        {
            pieces[i] = Narrow(d, start, sizes[i]);
            start += sizes[i];
        }

        return pieces;
    }

    private int RequireSplittable(string op, int dim)
    {
        if (Rank == 0)
        {
            throw new ArgumentException($"{op}: cannot be applied to a 0-dim tensor.");
        }

        return Shape.NormalizeAxis(dim, Rank);
    }
}
