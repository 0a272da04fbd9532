using System.Numerics;
using System.Runtime.Intrinsics;

namespace AutoDiffGen.Kernels;

/// <summary>destination[i] = mask[i] &gt; 0 ? values[i] : 0 — ReLU's backward in one vectorised pass.</summary>
internal static class ThresholdMask
{
    public static void Run<T>(ReadOnlySpan<T> values, ReadOnlySpan<T> mask, Span<T> destination)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            for (; i <= values.Length - Vector512<T>.Count; i += Vector512<T>.Count)
            {
                var keep = Vector512.GreaterThan(Vector512.Create(mask.Slice(i, Vector512<T>.Count)), Vector512<T>.Zero);
                Vector512.ConditionalSelect(keep, Vector512.Create(values.Slice(i, Vector512<T>.Count)), Vector512<T>.Zero)
                    .CopyTo(destination.Slice(i, Vector512<T>.Count));
            }
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            for (; i <= values.Length - Vector256<T>.Count; i += Vector256<T>.Count)
            {
                var keep = Vector256.GreaterThan(Vector256.Create(mask.Slice(i, Vector256<T>.Count)), Vector256<T>.Zero);
                Vector256.ConditionalSelect(keep, Vector256.Create(values.Slice(i, Vector256<T>.Count)), Vector256<T>.Zero)
                    .CopyTo(destination.Slice(i, Vector256<T>.Count));
            }
        }

        for (; i < values.Length; i++)
        {
            destination[i] = mask[i] > T.Zero ? values[i] : T.Zero;
        }
    }
}
