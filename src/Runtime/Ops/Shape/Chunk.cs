namespace AutoDiffGen;

public sealed partial class Tensor
{
    /// <summary>
    /// Splits dimension <paramref name="dim"/> into at most <paramref name="chunks"/> views of ⌈size / chunks⌉ (the last
    /// may be smaller, and fewer pieces come back when the size is too small), as <c>torch.chunk</c>.
    /// </summary>
    public Tensor[] Chunk(int chunks, int dim = 0)
    {
        if (chunks <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(chunks), chunks, $"Chunk: number of chunks must be positive, got {chunks} (shape {Shape}).");
        }

        var d = RequireSplittable(nameof(Chunk), dim);
        var size = Shape.Raw[d];
        // NOTE: an empty dimension gives `chunks` empty pieces, as torch.chunk does, not the single piece Split would.
        return size == 0 ? Split((IReadOnlyList<int>)new int[chunks], d) : Split((size + chunks - 1) / chunks, d);
    }
}
