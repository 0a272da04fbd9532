using System.Numerics;
using System.Numerics.Tensors;

namespace AutoDiffGen.Kernels;

/// <summary>Max and min values (no indices) over the middle axis of a contiguous (outer, length, inner) block.</summary>
internal static class ExtremeReductions
{
    /// <summary>destination[o, i] = max (or min) over j of source[o, j, i]; NaN wins, as in PyTorch's amax. Needs length ≥ 1.</summary>
    public static void Extreme<T>(ReadOnlySpan<T> source, int outer, int length, int inner, bool max, Span<T> destination)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (inner == 1)
        {
            for (var o = 0; o < outer; o++)
            {
                var row = source.Slice(o * length, length);
                destination[o] = max ? TensorPrimitives.Max(row) : TensorPrimitives.Min(row);
            }

            return;
        }

        for (var o = 0; o < outer; o++)
        {
            // Fold whole rows so each step is one vectorised elementwise max.
            var dst = destination.Slice(o * inner, inner);
            var block = source.Slice(o * length * inner, length * inner);
            block[..inner].CopyTo(dst);
            for (var j = 1; j < length; j++)
            {
                var row = block.Slice(j * inner, inner);
                if (max)
                {
                    TensorPrimitives.Max(dst, row, dst);
                }
                else
                {
                    TensorPrimitives.Min(dst, row, dst);
                }
            }
        }
    }
}
