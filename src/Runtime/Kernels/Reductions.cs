using System.Numerics;
using System.Numerics.Tensors;

namespace AutoDiffGen.Kernels;

/// <summary>
/// Reductions over the middle axis of a contiguous (outer, length, inner) block: the one shape every single-axis
/// reduction of a row-major tensor takes.
/// </summary>
internal static class Reductions
{
    public static void Sum<T>(ReadOnlySpan<T> source, int outer, int length, int inner, Span<T> destination)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (inner == 1)
        {
            for (var o = 0; o < outer; o++)
            {
                destination[o] = TensorPrimitives.Sum(source.Slice(o * length, length));
            }

            return;
        }

        for (var o = 0; o < outer; o++)
        {
            var dst = destination.Slice(o * inner, inner);
            if (length == 0)
            {
                dst.Clear();
                continue;
            }

            // Accumulate whole rows so each pass is one vectorised add.
            var block = source.Slice(o * length * inner, length * inner);
            block[..inner].CopyTo(dst);
            for (var j = 1; j < length; j++)
            {
                TensorPrimitives.Add(dst, block.Slice(j * inner, inner), dst);
            }
        }
    }

    /// <summary>Max (or min) along the axis and the index of its first occurrence; NaN wins, as in PyTorch.</summary>
    public static void ArgExtreme<T>(ReadOnlySpan<T> source, int outer, int length, int inner, bool max, Span<T> values, Span<long> indices)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (var o = 0; o < outer; o++)
        {
            for (var i = 0; i < inner; i++)
            {
                var baseIndex = o * length * inner + i;
                var best = source[baseIndex];
                long bestIndex = 0;
                for (var j = 1; j < length && !T.IsNaN(best); j++)
                {
                    var v = source[baseIndex + j * inner];
                    if (T.IsNaN(v) || (max ? v > best : v < best))
                    {
                        best = v;
                        bestIndex = j;
                    }
                }

                values[o * inner + i] = best;
                indices[o * inner + i] = bestIndex;
            }
        }
    }
}
