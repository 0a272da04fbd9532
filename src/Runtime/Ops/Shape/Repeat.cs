namespace AutoDiffGen;

public sealed partial class Tensor
{
    /// <summary>
    /// This tensor tiled <paramref name="repeats"/>[i] times along each dimension (<c>torch.Tensor.repeat</c>, NumPy's
    /// <c>tile</c>): [1, 2].Repeat(3) is [1, 2, 1, 2, 1, 2]. Extra leading counts add leading dimensions. A copy, built
    /// from Expand and Reshape, so it is differentiable (the gradient sums the copies).
    /// </summary>
    public Tensor Repeat(params int[] repeats)
    {
        ArgumentNullException.ThrowIfNull(repeats);
        if (repeats.Length < Rank)
        {
            throw new ArgumentException(
                $"Repeat: the number of repeat counts ({repeats.Length}) can not be smaller than the number of dimensions of the tensor (shape {Shape}).",
                nameof(repeats));
        }

        foreach (var r in repeats)
        {
            if (r < 0)
            {
                throw new ArgumentException($"Repeat: repeat counts must be non-negative, got [{string.Join(", ", repeats)}] (shape {Shape}).", nameof(repeats));
            }
        }

        // [s0, s1] tiled by [r0, r1]: view as [1, s0, 1, s1], expand to [r0, s0, r1, s1], then merge pairs.
        var lead = repeats.Length - Rank;
        var interleaved = new int[2 * repeats.Length];
        var expanded = new int[2 * repeats.Length];
        var final = new int[repeats.Length];
        for (var i = 0; i < repeats.Length; i++)
        {
            var size = i < lead ? 1 : Shape.Raw[i - lead];
            interleaved[2 * i] = 1;
            interleaved[2 * i + 1] = size;
            expanded[2 * i] = repeats[i];
            expanded[2 * i + 1] = size;
            final[i] = repeats[i] * size;
        }

        return Reshape(interleaved).Expand(expanded).Clone().Reshape(final);
    }
}
