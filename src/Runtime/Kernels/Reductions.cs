using System.Numerics;
using System.Numerics.Tensors;

namespace AutoDiffGen.Kernels;

/// <summary>
/// Reductions over the middle axis of a contiguous (outer, length, inner) block: the one shape every single-axis
/// reduction of a row-major tensor takes.
/// </summary>
internal static unsafe class Reductions
{
    /// <summary>Elements per block of <see cref="SumAll"/>.</summary>
    internal const int SumBlock = 1 << 16;

    /// <summary>
    /// The sum of all of <paramref name="source"/>. Up to <see cref="SumBlock"/> elements this is one vectorised pass;
    /// above, fixed blocks of that size are summed independently (split across cores when large) and their partial sums
    /// added in order, so the result has the same bits on any number of threads.
    /// </summary>
    public static T SumAll<T>(ReadOnlySpan<T> source)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (source.Length <= SumBlock)
        {
            return VectorSum.Sum(source);
        }

        var blocks = (source.Length + SumBlock - 1) / SumBlock;
        var partials = new T[blocks];
        fixed (T* s = source)
        fixed (T* p = partials)
        {
            Parallelism.For(blocks, Parallelism.ChunkCount(source.Length) > 1 ? Math.Min(blocks, Parallelism.MaxThreads) : 1,
                new BlockSums<T>(s, source.Length, p), elements: source.Length, grain: 1);
        }

        return TensorPrimitives.Sum<T>(partials);
    }

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

    /// <summary>Sums blocks [start, start + count) of the source into their partial-sum slots.</summary>
    private readonly struct BlockSums<T>(T* source, int length, T* partials) : IRangeBody
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        public void Run(int start, int count)
        {
            for (var b = start; b < start + count; b++)
            {
                var offset = b * SumBlock;
                partials[b] = VectorSum.Sum(new ReadOnlySpan<T>(source + offset, Math.Min(SumBlock, length - offset)));
            }
        }
    }
}
