using System.Numerics;
using System.Numerics.Tensors;

namespace AutoDiffGen.Kernels;

/// <summary>An elementwise unary operation with one scalar parameter (a slope, a bound, an exponent).</summary>
internal interface IUnaryScalarOperator
{
    static abstract void Invoke<T>(ReadOnlySpan<T> x, T s, Span<T> destination) where T : unmanaged, IFloatingPointIeee754<T>;
}

/// <summary>destination[i] = x[i] ^ s.</summary>
internal readonly struct PowScalarOperator : IUnaryScalarOperator
{
    public static void Invoke<T>(ReadOnlySpan<T> x, T s, Span<T> d) where T : unmanaged, IFloatingPointIeee754<T>
    {
        // NOTE: squaring is the common case (losses, variances); an exact multiply beats the general pow.
        if (s == T.CreateTruncating(2))
        {
            TensorPrimitives.Multiply(x, x, d);
        }
        else
        {
            TensorPrimitives.Pow(x, s, d);
        }
    }
}

/// <summary>destination[i] = max(x[i], s), NaN-propagating (the lower bound of clamp; relu when s = 0).</summary>
internal readonly struct MaxScalarOperator : IUnaryScalarOperator
{
    public static void Invoke<T>(ReadOnlySpan<T> x, T s, Span<T> d) where T : unmanaged, IFloatingPointIeee754<T> => TensorPrimitives.Max(x, s, d);
}

/// <summary>destination[i] = min(x[i], s), NaN-propagating (the upper bound of clamp).</summary>
internal readonly struct MinScalarOperator : IUnaryScalarOperator
{
    public static void Invoke<T>(ReadOnlySpan<T> x, T s, Span<T> d) where T : unmanaged, IFloatingPointIeee754<T> => TensorPrimitives.Min(x, s, d);
}

/// <summary>destination[i] = x[i] &gt; 0 ? x[i] : s · x[i] (leaky relu with slope s).</summary>
internal readonly struct LeakyReluOperator : IUnaryScalarOperator
{
    public static void Invoke<T>(ReadOnlySpan<T> x, T s, Span<T> d) where T : unmanaged, IFloatingPointIeee754<T>
    {
        // Scale everything in one vectorised pass, then restore the positive elements.
        TensorPrimitives.Multiply(x, s, d);
        for (var i = 0; i < x.Length; i++)
        {
            if (x[i] > T.Zero)
            {
                d[i] = x[i];
            }
        }
    }
}
