using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace AutoDiffGen.Kernels;

/// <summary>
/// The sum of a span at memory speed: four independent vector accumulators, so the adds overlap instead of waiting on
/// one another (a single accumulator chain is bound by the add latency, about half of one core's read bandwidth).
/// The partial sums are combined in a fixed order, so equal inputs give equal bits.
/// </summary>
internal static class VectorSum
{
    public static T Sum<T>(ReadOnlySpan<T> source)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (Vector512.IsHardwareAccelerated && source.Length >= 4 * Vector512<T>.Count)
        {
            return Sum512(source);
        }

        if (Vector256.IsHardwareAccelerated && source.Length >= 4 * Vector256<T>.Count)
        {
            return Sum256(source);
        }

        var total = T.Zero;
        foreach (var value in source)
        {
            total += value;
        }

        return total;
    }

    // Fully optimised from the first call, like the GEMM kernels: under tiered compilation the two-thread 16M-element
    // sum ran at half the bandwidth for seconds, and as fast as this once the JIT was told to skip the tiers.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe T Sum512<T>(ReadOnlySpan<T> source)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ref var start = ref MemoryMarshal.GetReference(source);
        var width = Vector512<T>.Count;

        // Whole-cache-line loads: the elements before the first 64-byte boundary are added one by one, so no vector load
        // straddles two lines (which would double the loads a streaming read issues).
        var misaligned = (int)((nuint)Unsafe.AsPointer(ref start) % 64);
        var head = misaligned == 0 ? 0 : Math.Min(source.Length, (64 - misaligned) / sizeof(T));
        var prefix = T.Zero;
        for (var h = 0; h < head; h++)
        {
            prefix += source[h];
        }

        var (s0, s1, s2, s3) = (Vector512<T>.Zero, Vector512<T>.Zero, Vector512<T>.Zero, Vector512<T>.Zero);
        var i = head;
        for (; i <= source.Length - (4 * width); i += 4 * width)
        {
            s0 += Vector512.LoadUnsafe(ref start, (nuint)i);
            s1 += Vector512.LoadUnsafe(ref start, (nuint)(i + width));
            s2 += Vector512.LoadUnsafe(ref start, (nuint)(i + (2 * width)));
            s3 += Vector512.LoadUnsafe(ref start, (nuint)(i + (3 * width)));
        }

        for (; i <= source.Length - width; i += width)
        {
            s0 += Vector512.LoadUnsafe(ref start, (nuint)i);
        }

        var total = prefix + Vector512.Sum((s0 + s1) + (s2 + s3));
        return Tail(source, i, total);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static T Sum256<T>(ReadOnlySpan<T> source)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ref var start = ref MemoryMarshal.GetReference(source);
        var width = Vector256<T>.Count;
        var (s0, s1, s2, s3) = (Vector256<T>.Zero, Vector256<T>.Zero, Vector256<T>.Zero, Vector256<T>.Zero);
        var i = 0;
        for (; i <= source.Length - (4 * width); i += 4 * width)
        {
            s0 += Vector256.LoadUnsafe(ref start, (nuint)i);
            s1 += Vector256.LoadUnsafe(ref start, (nuint)(i + width));
            s2 += Vector256.LoadUnsafe(ref start, (nuint)(i + (2 * width)));
            s3 += Vector256.LoadUnsafe(ref start, (nuint)(i + (3 * width)));
        }

        for (; i <= source.Length - width; i += width)
        {
            s0 += Vector256.LoadUnsafe(ref start, (nuint)i);
        }

        var total = Vector256.Sum((s0 + s1) + (s2 + s3));
        return Tail(source, i, total);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static T Tail<T>(ReadOnlySpan<T> source, int from, T total)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (var i = from; i < source.Length; i++)
        {
            total += source[i];
        }

        return total;
    }
}
