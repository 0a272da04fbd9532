using System.Numerics;
using System.Numerics.Tensors;

namespace AutoDiffGen.Fusion;

/// <summary>
/// The span operations fused elementwise kernels are written in: one call per instruction of a
/// <c>[Differentiable]</c> function, over a block of a few hundred elements that stays in L1. Arithmetic and math go
/// through <see cref="TensorPrimitives"/> (SIMD with scalar tails); comparisons and selects, which TensorPrimitives
/// lacks, are <see cref="Vector{T}"/> loops here.
/// </summary>
/// <remarks>
/// A destination may be the same span as an input (every operation reads element <c>i</c> before writing it), never a
/// partly overlapping one. Masks are spans of the element type whose elements have all bits set (true) or none
/// (false), as SIMD comparisons produce them; only <see cref="Select(ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, Span{T})"/>,
/// <see cref="And"/>, <see cref="Or"/> and <see cref="Not"/> read them.
/// </remarks>
/// <typeparam name="T">The element type: <see cref="float"/> or <see cref="double"/>.</typeparam>
public static class FusedMath<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>destination[i] = x[i] + y[i].</summary>
    public static void Add(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> destination) => TensorPrimitives.Add(x, y, destination);

    /// <summary>destination[i] = x[i] + y.</summary>
    public static void Add(ReadOnlySpan<T> x, T y, Span<T> destination) => TensorPrimitives.Add(x, y, destination);

    /// <summary>destination[i] = x[i] - y[i].</summary>
    public static void Subtract(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> destination) => TensorPrimitives.Subtract(x, y, destination);

    /// <summary>destination[i] = x[i] - y.</summary>
    public static void Subtract(ReadOnlySpan<T> x, T y, Span<T> destination) => TensorPrimitives.Subtract(x, y, destination);

    /// <summary>destination[i] = x - y[i].</summary>
    public static void Subtract(T x, ReadOnlySpan<T> y, Span<T> destination) => TensorPrimitives.Subtract(x, y, destination);

    /// <summary>destination[i] = x[i] * y[i].</summary>
    public static void Multiply(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> destination) => TensorPrimitives.Multiply(x, y, destination);

    /// <summary>destination[i] = x[i] * y.</summary>
    public static void Multiply(ReadOnlySpan<T> x, T y, Span<T> destination) => TensorPrimitives.Multiply(x, y, destination);

    /// <summary>destination[i] = x[i] / y[i].</summary>
    public static void Divide(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> destination) => TensorPrimitives.Divide(x, y, destination);

    /// <summary>destination[i] = x[i] / y.</summary>
    public static void Divide(ReadOnlySpan<T> x, T y, Span<T> destination) => TensorPrimitives.Divide(x, y, destination);

    /// <summary>destination[i] = x / y[i].</summary>
    public static void Divide(T x, ReadOnlySpan<T> y, Span<T> destination) => TensorPrimitives.Divide(x, y, destination);

    /// <summary>destination[i] = -x[i].</summary>
    public static void Negate(ReadOnlySpan<T> x, Span<T> destination) => TensorPrimitives.Negate(x, destination);

    /// <summary>destination[i] = e^x[i].</summary>
    public static void Exp(ReadOnlySpan<T> x, Span<T> destination) => TensorPrimitives.Exp(x, destination);

    /// <summary>destination[i] = ln x[i].</summary>
    public static void Log(ReadOnlySpan<T> x, Span<T> destination) => TensorPrimitives.Log(x, destination);

    /// <summary>destination[i] = log10 x[i].</summary>
    public static void Log10(ReadOnlySpan<T> x, Span<T> destination) => TensorPrimitives.Log10(x, destination);

    /// <summary>destination[i] = log2 x[i].</summary>
    public static void Log2(ReadOnlySpan<T> x, Span<T> destination) => TensorPrimitives.Log2(x, destination);

    /// <summary>destination[i] = √x[i].</summary>
    public static void Sqrt(ReadOnlySpan<T> x, Span<T> destination) => TensorPrimitives.Sqrt(x, destination);

    /// <summary>destination[i] = ∛x[i].</summary>
    public static void Cbrt(ReadOnlySpan<T> x, Span<T> destination) => TensorPrimitives.Cbrt(x, destination);

    /// <summary>destination[i] = sin x[i].</summary>
    public static void Sin(ReadOnlySpan<T> x, Span<T> destination) => TensorPrimitives.Sin(x, destination);

    /// <summary>destination[i] = cos x[i].</summary>
    public static void Cos(ReadOnlySpan<T> x, Span<T> destination) => TensorPrimitives.Cos(x, destination);

    /// <summary>destination[i] = tan x[i].</summary>
    public static void Tan(ReadOnlySpan<T> x, Span<T> destination) => TensorPrimitives.Tan(x, destination);

    /// <summary>destination[i] = asin x[i].</summary>
    public static void Asin(ReadOnlySpan<T> x, Span<T> destination) => TensorPrimitives.Asin(x, destination);

    /// <summary>destination[i] = acos x[i].</summary>
    public static void Acos(ReadOnlySpan<T> x, Span<T> destination) => TensorPrimitives.Acos(x, destination);

    /// <summary>destination[i] = atan x[i].</summary>
    public static void Atan(ReadOnlySpan<T> x, Span<T> destination) => TensorPrimitives.Atan(x, destination);

    /// <summary>destination[i] = sinh x[i].</summary>
    public static void Sinh(ReadOnlySpan<T> x, Span<T> destination) => TensorPrimitives.Sinh(x, destination);

    /// <summary>destination[i] = cosh x[i].</summary>
    public static void Cosh(ReadOnlySpan<T> x, Span<T> destination) => TensorPrimitives.Cosh(x, destination);

    /// <summary>destination[i] = tanh x[i].</summary>
    public static void Tanh(ReadOnlySpan<T> x, Span<T> destination) => TensorPrimitives.Tanh(x, destination);

    /// <summary>destination[i] = |x[i]|.</summary>
    public static void Abs(ReadOnlySpan<T> x, Span<T> destination) => TensorPrimitives.Abs(x, destination);

    /// <summary>destination[i] = x[i]^y[i].</summary>
    public static void Pow(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> destination) => TensorPrimitives.Pow(x, y, destination);

    /// <summary>destination[i] = x[i]^y.</summary>
    public static void Pow(ReadOnlySpan<T> x, T y, Span<T> destination) => TensorPrimitives.Pow(x, y, destination);

    /// <summary>destination[i] = x^y[i].</summary>
    public static void Pow(T x, ReadOnlySpan<T> y, Span<T> destination) => TensorPrimitives.Pow(x, y, destination);

    /// <summary>destination[i] = max(x[i], y[i]), NaN if either is NaN (as <see cref="Math.Max(double, double)"/>).</summary>
    public static void Max(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> destination) => TensorPrimitives.Max(x, y, destination);

    /// <summary>destination[i] = max(x[i], y).</summary>
    public static void Max(ReadOnlySpan<T> x, T y, Span<T> destination) => TensorPrimitives.Max(x, y, destination);

    /// <summary>destination[i] = min(x[i], y[i]), NaN if either is NaN (as <see cref="Math.Min(double, double)"/>).</summary>
    public static void Min(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> destination) => TensorPrimitives.Min(x, y, destination);

    /// <summary>destination[i] = min(x[i], y).</summary>
    public static void Min(ReadOnlySpan<T> x, T y, Span<T> destination) => TensorPrimitives.Min(x, y, destination);

    /// <summary>destination[i] = f(x[i]), the op <typeparamref name="TOp"/> declares (its span form).</summary>
    public static void Apply<TOp>(ReadOnlySpan<T> x, Span<T> destination)
        where TOp : IElementwiseOperator<TOp> => TOp.Invoke(x, destination);

    /// <summary>destination[i] = f′(x[i]) given result[i] = f(x[i]), for the op <typeparamref name="TOp"/> declares.</summary>
    public static void Derivative<TOp>(ReadOnlySpan<T> x, ReadOnlySpan<T> result, Span<T> destination)
        where TOp : IElementwiseOperator<TOp> => TOp.Derivative(x, result, destination);

    /// <summary>destination[i] = x[i] (a copy; <paramref name="destination"/> must not overlap <paramref name="x"/>).</summary>
    public static void Copy(ReadOnlySpan<T> x, Span<T> destination) => x.CopyTo(destination);

    /// <summary>destination[i] = value.</summary>
    public static void Fill(T value, Span<T> destination) => destination.Fill(value);

    /// <summary>destination[i] = sign(x[i]) as -1, 0 or 1 (0 for ±0, as <see cref="Math.Sign(double)"/>; NaN stays NaN).</summary>
    public static void Sign(ReadOnlySpan<T> x, Span<T> destination)
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated && x.Length >= Vector<T>.Count)
        {
            var one = Vector<T>.One;
            for (; i <= x.Length - Vector<T>.Count; i += Vector<T>.Count)
            {
                var v = new Vector<T>(x.Slice(i));
                var positive = Vector.BitwiseAnd(Vector.GreaterThan(v, Vector<T>.Zero), one);
                var negative = Vector.BitwiseAnd(Vector.LessThan(v, Vector<T>.Zero), one);

                // NaN compares false both ways, so it comes out 0 here; put it back as NaN, as Math.Sign would throw instead.
                var nan = Vector.OnesComplement(Vector.Equals(v, v));
                Vector.ConditionalSelect(nan, v, positive - negative).CopyTo(destination.Slice(i));
            }
        }

        for (; i < x.Length; i++)
        {
            var v = x[i];
            destination[i] = T.IsNaN(v) ? v : T.CreateTruncating(T.Sign(v));
        }
    }

    /// <summary>mask[i] = x[i] &gt; y[i].</summary>
    public static void GreaterThan(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> mask) => Compare<FusedComparisons.GreaterThanOperator>(x, y, mask);

    /// <summary>mask[i] = x[i] &gt; y.</summary>
    public static void GreaterThan(ReadOnlySpan<T> x, T y, Span<T> mask) => Compare<FusedComparisons.GreaterThanOperator>(x, y, mask);

    /// <summary>mask[i] = x[i] &gt;= y[i].</summary>
    public static void GreaterThanOrEqual(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> mask) => Compare<FusedComparisons.GreaterThanOrEqualOperator>(x, y, mask);

    /// <summary>mask[i] = x[i] &gt;= y.</summary>
    public static void GreaterThanOrEqual(ReadOnlySpan<T> x, T y, Span<T> mask) => Compare<FusedComparisons.GreaterThanOrEqualOperator>(x, y, mask);

    /// <summary>mask[i] = x[i] &lt; y[i].</summary>
    public static void LessThan(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> mask) => Compare<FusedComparisons.LessThanOperator>(x, y, mask);

    /// <summary>mask[i] = x[i] &lt; y.</summary>
    public static void LessThan(ReadOnlySpan<T> x, T y, Span<T> mask) => Compare<FusedComparisons.LessThanOperator>(x, y, mask);

    /// <summary>mask[i] = x[i] &lt;= y[i].</summary>
    public static void LessThanOrEqual(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> mask) => Compare<FusedComparisons.LessThanOrEqualOperator>(x, y, mask);

    /// <summary>mask[i] = x[i] &lt;= y.</summary>
    public static void LessThanOrEqual(ReadOnlySpan<T> x, T y, Span<T> mask) => Compare<FusedComparisons.LessThanOrEqualOperator>(x, y, mask);

    /// <summary>mask[i] = x[i] == y[i].</summary>
    public static void Equal(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> mask) => Compare<FusedComparisons.EqualOperator>(x, y, mask);

    /// <summary>mask[i] = x[i] == y.</summary>
    public static void Equal(ReadOnlySpan<T> x, T y, Span<T> mask) => Compare<FusedComparisons.EqualOperator>(x, y, mask);

    /// <summary>mask[i] = x[i] != y[i].</summary>
    public static void NotEqual(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> mask)
    {
        Compare<FusedComparisons.EqualOperator>(x, y, mask);
        Not(mask, mask);
    }

    /// <summary>mask[i] = x[i] != y.</summary>
    public static void NotEqual(ReadOnlySpan<T> x, T y, Span<T> mask)
    {
        Compare<FusedComparisons.EqualOperator>(x, y, mask);
        Not(mask, mask);
    }

    /// <summary>destination[i] = a[i] &amp;&amp; b[i], over masks.</summary>
    public static void And(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> destination) => TensorPrimitives.BitwiseAnd(Bits(a), Bits(b), Bits(destination));

    /// <summary>destination[i] = a[i] || b[i], over masks.</summary>
    public static void Or(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> destination) => TensorPrimitives.BitwiseOr(Bits(a), Bits(b), Bits(destination));

    /// <summary>destination[i] = !a[i], over masks.</summary>
    public static void Not(ReadOnlySpan<T> a, Span<T> destination) => TensorPrimitives.OnesComplement(Bits(a), Bits(destination));

    /// <summary>destination[i] = mask[i] ? a[i] : b[i]; the value not picked is never used, so a NaN there does not leak.</summary>
    public static void Select(ReadOnlySpan<T> mask, ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> destination)
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            for (; i <= mask.Length - Vector<T>.Count; i += Vector<T>.Count)
            {
                Vector.ConditionalSelect(new Vector<T>(mask.Slice(i)), new Vector<T>(a.Slice(i)), new Vector<T>(b.Slice(i))).CopyTo(destination.Slice(i));
            }
        }

        for (; i < mask.Length; i++)
        {
            destination[i] = IsSet(mask[i]) ? a[i] : b[i];
        }
    }

    /// <summary>destination[i] = mask[i] ? a[i] : b.</summary>
    public static void Select(ReadOnlySpan<T> mask, ReadOnlySpan<T> a, T b, Span<T> destination)
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var vb = new Vector<T>(b);
            for (; i <= mask.Length - Vector<T>.Count; i += Vector<T>.Count)
            {
                Vector.ConditionalSelect(new Vector<T>(mask.Slice(i)), new Vector<T>(a.Slice(i)), vb).CopyTo(destination.Slice(i));
            }
        }

        for (; i < mask.Length; i++)
        {
            destination[i] = IsSet(mask[i]) ? a[i] : b;
        }
    }

    /// <summary>destination[i] = mask[i] ? a : b[i].</summary>
    public static void Select(ReadOnlySpan<T> mask, T a, ReadOnlySpan<T> b, Span<T> destination)
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var va = new Vector<T>(a);
            for (; i <= mask.Length - Vector<T>.Count; i += Vector<T>.Count)
            {
                Vector.ConditionalSelect(new Vector<T>(mask.Slice(i)), va, new Vector<T>(b.Slice(i))).CopyTo(destination.Slice(i));
            }
        }

        for (; i < mask.Length; i++)
        {
            destination[i] = IsSet(mask[i]) ? a : b[i];
        }
    }

    /// <summary>destination[i] = mask[i] ? a : b.</summary>
    public static void Select(ReadOnlySpan<T> mask, T a, T b, Span<T> destination)
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var (va, vb) = (new Vector<T>(a), new Vector<T>(b));
            for (; i <= mask.Length - Vector<T>.Count; i += Vector<T>.Count)
            {
                Vector.ConditionalSelect(new Vector<T>(mask.Slice(i)), va, vb).CopyTo(destination.Slice(i));
            }
        }

        for (; i < mask.Length; i++)
        {
            destination[i] = IsSet(mask[i]) ? a : b;
        }
    }

    // NOTE: a true mask element has every bit set, which reads as a NaN; false is +0. Only "any bit set" matters.
    private static bool IsSet(T maskElement) => !T.IsZero(maskElement) || T.IsNegative(maskElement);

    // Masks are combined bit by bit; bytes fit any block length and either element type.
    private static Span<byte> Bits(Span<T> span) => System.Runtime.InteropServices.MemoryMarshal.AsBytes(span);

    private static ReadOnlySpan<byte> Bits(ReadOnlySpan<T> span) => System.Runtime.InteropServices.MemoryMarshal.AsBytes(span);

    private static void Compare<TOp>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> mask)
        where TOp : FusedComparisons.IComparisonOperator
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            for (; i <= x.Length - Vector<T>.Count; i += Vector<T>.Count)
            {
                TOp.Invoke<T>(new Vector<T>(x.Slice(i)), new Vector<T>(y.Slice(i))).CopyTo(mask.Slice(i));
            }
        }

        var (set, clear) = (Vector<T>.AllBitsSet[0], T.Zero);
        for (; i < x.Length; i++)
        {
            mask[i] = TOp.Invoke<T>(x[i], y[i]) ? set : clear;
        }
    }

    private static void Compare<TOp>(ReadOnlySpan<T> x, T y, Span<T> mask)
        where TOp : FusedComparisons.IComparisonOperator
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var vy = new Vector<T>(y);
            for (; i <= x.Length - Vector<T>.Count; i += Vector<T>.Count)
            {
                TOp.Invoke<T>(new Vector<T>(x.Slice(i)), vy).CopyTo(mask.Slice(i));
            }
        }

        var (set, clear) = (Vector<T>.AllBitsSet[0], T.Zero);
        for (; i < x.Length; i++)
        {
            mask[i] = TOp.Invoke<T>(x[i], y) ? set : clear;
        }
    }
}
