namespace AutoDiffGen.Kernels;

/// <summary>Gathers a strided view into a contiguous destination (the kernel behind <c>Contiguous()</c>).</summary>
internal static class StridedCopy
{
    public static void Run<T>(T[] source, int offset, int[] strides, int[] dims, Span<T> destination)
    {
        var rank = dims.Length;
        if (destination.Length == 0)
        {
            return;
        }

        if (rank == 0)
        {
            destination[0] = source[offset];
            return;
        }

        var inner = dims[rank - 1];
        var innerStride = strides[rank - 1];
        var rows = destination.Length / inner;
        var index = new int[rank];
        var o = offset;
        var d = 0;
        for (var row = 0; row < rows; row++)
        {
            if (innerStride == 1)
            {
                source.AsSpan(o, inner).CopyTo(destination.Slice(d, inner));
                d += inner;
            }
            else
            {
                var s = o;
                for (var i = 0; i < inner; i++, s += innerStride)
                {
                    destination[d++] = source[s];
                }
            }

            RowOdometer.Advance(index, dims, strides, ref o);
        }
    }
}
