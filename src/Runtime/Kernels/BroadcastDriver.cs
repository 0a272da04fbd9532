using System.Numerics;

namespace AutoDiffGen.Kernels;

/// <summary>
/// The one loop driver for broadcasting binary operations: walks the output row by row and hands each row to the
/// operator's vectorised form that matches the operands' innermost strides (1 = a row, 0 = a broadcast scalar).
/// </summary>
internal static class BroadcastDriver
{
    /// <summary>
    /// destination = x ⊗ y over <paramref name="dims"/>, where the operands' strides are already expanded to the output
    /// rank (0 on broadcast dimensions) and their innermost strides are 0 or 1.
    /// </summary>
    public static void Run<T, TOp>(
        T[] x, int xOffset, int[] xStrides,
        T[] y, int yOffset, int[] yStrides,
        Span<T> destination, int[] dims)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TOp : IBinaryOperator
    {
        var rank = dims.Length;
        if (destination.Length == 0)
        {
            return;
        }

        if (rank == 0)
        {
            destination[0] = Scalar<T, TOp>(x[xOffset], y[yOffset]);
            return;
        }

        var inner = dims[rank - 1];
        var xs = xStrides[rank - 1];
        var ys = yStrides[rank - 1];
        var rows = destination.Length / inner;
        var index = new int[rank];
        int xo = xOffset, yo = yOffset;
        for (var row = 0; row < rows; row++)
        {
            var dst = destination.Slice(row * inner, inner);
            if (xs == 1 && ys == 1)
            {
                TOp.Invoke<T>(x.AsSpan(xo, inner), y.AsSpan(yo, inner), dst);
            }
            else if (xs == 1)
            {
                TOp.Invoke(x.AsSpan(xo, inner), y[yo], dst);
            }
            else if (ys == 1)
            {
                TOp.Invoke(x[xo], y.AsSpan(yo, inner), dst);
            }
            else
            {
                dst.Fill(Scalar<T, TOp>(x[xo], y[yo]));
            }

            RowOdometer.Advance(index, dims, xStrides, ref xo, yStrides, ref yo);
        }
    }

    private static T Scalar<T, TOp>(T x, T y)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TOp : IBinaryOperator
    {
        Span<T> result = stackalloc T[1];
        TOp.Invoke(x, [y], result);
        return result[0];
    }
}
