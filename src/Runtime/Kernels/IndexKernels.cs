using System.Numerics;

namespace AutoDiffGen.Kernels;

/// <summary>
/// Loops behind slicing, concatenation, index_select, gather, scatter_add and masked_fill. Indices are validated by the
/// ops before they get here; these loops trust them.
/// </summary>
internal static class IndexKernels
{
    /// <summary>Writes a contiguous <paramref name="source"/> into the strided view (<paramref name="offset"/>, <paramref name="strides"/>, <paramref name="dims"/>) of <paramref name="destination"/>.</summary>
    public static void StridedWrite<T>(ReadOnlySpan<T> source, T[] destination, int offset, int[] strides, int[] dims)
    {
        var rank = dims.Length;
        if (source.Length == 0)
        {
            return;
        }

        if (rank == 0)
        {
            destination[offset] = source[0];
            return;
        }

        var inner = dims[rank - 1];
        var innerStride = strides[rank - 1];
        var rows = source.Length / inner;
        var index = new int[rank];
        var o = offset;
        var s = 0;
        for (var row = 0; row < rows; row++)
        {
            if (innerStride == 1)
            {
                source.Slice(s, inner).CopyTo(destination.AsSpan(o, inner));
                s += inner;
            }
            else
            {
                var d = o;
                for (var i = 0; i < inner; i++, d += innerStride)
                {
                    destination[d] = source[s++];
                }
            }

            RowOdometer.Advance(index, dims, strides, ref o);
        }
    }

    /// <summary>
    /// destination[o, k, i] = source[o, index[k], i] over contiguous (outer, ·, inner) blocks (<c>index_select</c>).
    /// </summary>
    public static void IndexSelect<T>(ReadOnlySpan<T> source, int outer, int sourceLength, int inner, ReadOnlySpan<long> index, Span<T> destination)
    {
        var n = index.Length;
        for (var o = 0; o < outer; o++)
        {
            for (var k = 0; k < n; k++)
            {
                source.Slice((o * sourceLength + (int)index[k]) * inner, inner).CopyTo(destination.Slice((o * n + k) * inner, inner));
            }
        }
    }

    /// <summary>
    /// destination[o, index[k], i] += source[o, k, i] over contiguous (outer, ·, inner) blocks (<c>index_add</c>);
    /// repeated indices accumulate.
    /// </summary>
    public static void IndexAdd<T>(Span<T> destination, int outer, int destinationLength, int inner, ReadOnlySpan<long> index, ReadOnlySpan<T> source)
        where T : INumberBase<T>
    {
        var n = index.Length;
        for (var o = 0; o < outer; o++)
        {
            for (var k = 0; k < n; k++)
            {
                var dst = destination.Slice((o * destinationLength + (int)index[k]) * inner, inner);
                var src = source.Slice((o * n + k) * inner, inner);
                for (var i = 0; i < inner; i++)
                {
                    dst[i] += src[i];
                }
            }
        }
    }

    /// <summary>
    /// For every position p of a contiguous index of shape <paramref name="indexDims"/>:
    /// destination[p] = source[p with p[dim] replaced by index[p]], where source is contiguous with <paramref name="sourceStrides"/>
    /// (<c>gather</c>).
    /// </summary>
    public static void Gather<T>(ReadOnlySpan<T> source, int[] sourceStrides, ReadOnlySpan<long> index, int[] indexDims, int dim, Span<T> destination)
    {
        var position = new int[indexDims.Length];
        for (var flat = 0; flat < index.Length; flat++)
        {
            var s = (int)index[flat] * sourceStrides[dim];
            for (var d = 0; d < position.Length; d++)
            {
                if (d != dim)
                {
                    s += position[d] * sourceStrides[d];
                }
            }

            destination[flat] = source[s];
            Advance(position, indexDims);
        }
    }

    /// <summary>
    /// For every position p of a contiguous index of shape <paramref name="indexDims"/>:
    /// destination[p with p[dim] replaced by index[p]] += source[p], where destination and source are contiguous with the
    /// given strides (<c>scatter_add</c>); repeated targets accumulate.
    /// </summary>
    public static void ScatterAdd<T>(Span<T> destination, int[] destinationStrides, ReadOnlySpan<long> index, int[] indexDims, int dim, ReadOnlySpan<T> source, int[] sourceStrides)
        where T : INumberBase<T>
    {
        var position = new int[indexDims.Length];
        for (var flat = 0; flat < index.Length; flat++)
        {
            var d0 = (int)index[flat] * destinationStrides[dim];
            var s0 = 0;
            for (var d = 0; d < position.Length; d++)
            {
                s0 += position[d] * sourceStrides[d];
                if (d != dim)
                {
                    d0 += position[d] * destinationStrides[d];
                }
            }

            destination[d0] += source[s0];
            Advance(position, indexDims);
        }
    }

    /// <summary>data[i] = value wherever mask[i] (both contiguous, same length).</summary>
    public static void MaskedFill<T>(Span<T> data, ReadOnlySpan<bool> mask, T value)
    {
        for (var i = 0; i < data.Length; i++)
        {
            if (mask[i])
            {
                data[i] = value;
            }
        }
    }

    /// <summary>Steps a row-major multi-index to the next position.</summary>
    private static void Advance(int[] position, int[] dims)
    {
        for (var d = position.Length - 1; d >= 0; d--)
        {
            if (++position[d] < dims[d])
            {
                return;
            }

            position[d] = 0;
        }
    }
}
