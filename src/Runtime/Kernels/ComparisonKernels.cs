using System.Numerics;

namespace AutoDiffGen.Kernels;

/// <summary>An elementwise predicate on two numbers (x == y, x &lt; y, ...), the per-element body of a comparison.</summary>
internal interface IComparisonOperator
{
    static abstract bool Invoke<T>(T x, T y) where T : INumber<T>;
}

/// <summary>x == y (false when either is NaN).</summary>
internal readonly struct EqualOperator : IComparisonOperator
{
    public static bool Invoke<T>(T x, T y) where T : INumber<T> => x == y;
}

/// <summary>x != y (true when either is NaN).</summary>
internal readonly struct NotEqualOperator : IComparisonOperator
{
    public static bool Invoke<T>(T x, T y) where T : INumber<T> => x != y;
}

/// <summary>x &lt; y.</summary>
internal readonly struct LessThanOperator : IComparisonOperator
{
    public static bool Invoke<T>(T x, T y) where T : INumber<T> => x < y;
}

/// <summary>x &lt;= y.</summary>
internal readonly struct LessThanOrEqualOperator : IComparisonOperator
{
    public static bool Invoke<T>(T x, T y) where T : INumber<T> => x <= y;
}

/// <summary>x &gt; y.</summary>
internal readonly struct GreaterThanOperator : IComparisonOperator
{
    public static bool Invoke<T>(T x, T y) where T : INumber<T> => x > y;
}

/// <summary>x &gt;= y.</summary>
internal readonly struct GreaterThanOrEqualOperator : IComparisonOperator
{
    public static bool Invoke<T>(T x, T y) where T : INumber<T> => x >= y;
}

/// <summary>
/// Loop drivers for comparisons and selection over broadcast operands: each operand comes with strides already
/// expanded to the output rank (0 on broadcast dimensions), and the output is written contiguously.
/// </summary>
internal static class ComparisonKernels
{
    /// <summary>destination[i] = TOp(x[i], y[i]) over <paramref name="dims"/>.</summary>
    public static void Compare<T, TOp>(
        T[] x, int xOffset, int[] xStrides,
        T[] y, int yOffset, int[] yStrides,
        Span<bool> destination, int[] dims)
        where T : INumber<T>
        where TOp : IComparisonOperator
    {
        if (destination.Length == 0)
        {
            return;
        }

        var rank = dims.Length;
        if (rank == 0)
        {
            destination[0] = TOp.Invoke(x[xOffset], y[yOffset]);
            return;
        }

        var inner = dims[rank - 1];
        var (xs, ys) = (xStrides[rank - 1], yStrides[rank - 1]);
        var rows = destination.Length / inner;
        var index = new int[rank];
        int xo = xOffset, yo = yOffset, d = 0;
        for (var row = 0; row < rows; row++)
        {
            for (int i = 0, xi = xo, yi = yo; i < inner; i++, xi += xs, yi += ys)
            {
                destination[d++] = TOp.Invoke(x[xi], y[yi]);
            }

            RowOdometer.Advance(index, dims, xStrides, ref xo, yStrides, ref yo);
        }
    }

    /// <summary>destination[i] = condition[i] ? a[i] : b[i] over <paramref name="dims"/> (<c>torch.where</c>).</summary>
    public static void Select<T>(
        bool[] condition, int cOffset, int[] cStrides,
        T[] a, int aOffset, int[] aStrides,
        T[] b, int bOffset, int[] bStrides,
        Span<T> destination, int[] dims)
    {
        if (destination.Length == 0)
        {
            return;
        }

        var rank = dims.Length;
        if (rank == 0)
        {
            destination[0] = condition[cOffset] ? a[aOffset] : b[bOffset];
            return;
        }

        var inner = dims[rank - 1];
        var (cs, @as, bs) = (cStrides[rank - 1], aStrides[rank - 1], bStrides[rank - 1]);
        var rows = destination.Length / inner;
        var index = new int[rank];
        int co = cOffset, ao = aOffset, bo = bOffset, d = 0;
        for (var row = 0; row < rows; row++)
        {
            for (int i = 0, ci = co, ai = ao, bi = bo; i < inner; i++, ci += cs, ai += @as, bi += bs)
            {
                destination[d++] = condition[ci] ? a[ai] : b[bi];
            }

            RowOdometer.Advance(index, dims, cStrides, ref co, aStrides, ref ao, bStrides, ref bo);
        }
    }

    /// <summary>destination[i] = mask[i] ? 1 : 0, the float form of a boolean mask.</summary>
    public static void MaskToFloat<T>(ReadOnlySpan<bool> mask, Span<T> destination)
        where T : INumber<T>
    {
        for (var i = 0; i < mask.Length; i++)
        {
            destination[i] = mask[i] ? T.One : T.Zero;
        }
    }
}
