namespace AutoDiffGen.Kernels;

/// <summary>
/// A plain array copy split across cores when large: a gradient handed to a parameter's buffer (up to megabytes per
/// step) then moves at both cores' bandwidth instead of one's.
/// </summary>
internal static class ArrayCopy
{
    /// <summary>Copies <paramref name="length"/> elements, like <see cref="Array.Copy(Array, int, Array, int, int)"/>.</summary>
    public static void Copy<T>(T[] source, int sourceOffset, T[] destination, int destinationOffset, int length)
    {
        var chunks = Parallelism.ChunkCount(length);
        if (chunks <= 1)
        {
            Array.Copy(source, sourceOffset, destination, destinationOffset, length);
            return;
        }

        Parallelism.For(length, chunks, new Slices<T>(source, sourceOffset, destination, destinationOffset));
    }

    private readonly struct Slices<T>(T[] source, int sourceOffset, T[] destination, int destinationOffset) : IRangeBody
    {
        public void Run(int start, int length) => Array.Copy(source, sourceOffset + start, destination, destinationOffset + start, length);
    }
}
