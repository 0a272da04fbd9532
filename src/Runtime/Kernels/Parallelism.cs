namespace AutoDiffGen.Kernels;

/// <summary>
/// Splits large elementwise work across cores. Below <see cref="MinElementsPerThread"/> elements per thread the
/// scheduling cost outweighs the bandwidth gained, so small tensors stay on the calling thread.
/// </summary>
internal static class Parallelism
{
    /// <summary>Elements (of 4–8 bytes) per worker below which a split does not pay for itself.</summary>
    public const int MinElementsPerThread = 1 << 17;

    /// <summary>Number of chunks to use for <paramref name="length"/> elements (1 = run inline).</summary>
    public static int ChunkCount(int length)
    {
        var cores = Environment.ProcessorCount;
        return cores <= 1 ? 1 : Math.Clamp(length / MinElementsPerThread, 1, cores);
    }

    /// <summary>Runs <paramref name="body"/>(start, length) over <paramref name="chunks"/> aligned slices of [0, length).</summary>
    public static void For(int length, int chunks, Action<int, int> body)
    {
        if (chunks <= 1)
        {
            body(0, length);
            return;
        }

        // Chunk boundaries on 64-element multiples keep every slice's vector loop aligned with its neighbour's.
        var step = (length / chunks + 63) & ~63;
        Parallel.For(0, chunks, i =>
        {
            var start = i * step;
            var end = Math.Min(length, start + step);
            if (start < end)
            {
                body(start, end - start);
            }
        });
    }
}
