using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace AutoDiffGen.Fusion;

/// <summary>
/// The register-level form of a fused kernel: when every instruction of a kernel program has a vector form here, the
/// generated kernel evaluates the whole program on one <see cref="Vector512{T}"/> of elements at a time — inputs loaded
/// once, outputs stored once, every intermediate in a register — instead of one <see cref="FusedMath{T}"/> pass over
/// an L1 block per instruction. Used for float32 on AVX-512 hardware; anything else takes the block path.
/// </summary>
/// <typeparam name="T">The element type; the vector path runs for <see cref="float"/> only.</typeparam>
public static class FusedVector<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Elements per vector.</summary>
    public static int Count => Vector512<T>.Count;

    /// <summary>True when a block of <paramref name="length"/> elements can run on the vector path (whole vectors only).</summary>
    public static bool CanRun(int length) =>
        typeof(T) == typeof(float) && Vector512.IsHardwareAccelerated && length % Vector512<T>.Count == 0;

    /// <summary>Elements [<paramref name="index"/>, index + <see cref="Count"/>) of <paramref name="source"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Load(ReadOnlySpan<T> source, int index)
    {
        // Generated kernels pass whole blocks and whole-vector indices; the check keeps a misuse from reading past the span.
        if ((uint)index > (uint)(source.Length - Vector512<T>.Count))
        {
            throw new ArgumentOutOfRangeException(nameof(index));
        }

        return Vector512.LoadUnsafe(ref MemoryMarshal.GetReference(source), (nuint)index);
    }

    /// <summary>Writes <paramref name="value"/> to elements [<paramref name="index"/>, index + <see cref="Count"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Span<T> destination, int index, Vector512<T> value)
    {
        if ((uint)index > (uint)(destination.Length - Vector512<T>.Count))
        {
            throw new ArgumentOutOfRangeException(nameof(index));
        }

        value.StoreUnsafe(ref MemoryMarshal.GetReference(destination), (nuint)index);
    }

    /// <summary>A vector with every element <paramref name="value"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Splat(T value) => Vector512.Create(value);

    /// <summary>x + y.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Add(Vector512<T> x, Vector512<T> y) => x + y;

    /// <summary>x − y.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Subtract(Vector512<T> x, Vector512<T> y) => x - y;

    /// <summary>x · y.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Multiply(Vector512<T> x, Vector512<T> y) => x * y;

    /// <summary>x / y.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Divide(Vector512<T> x, Vector512<T> y) => x / y;

    /// <summary>−x.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Negate(Vector512<T> x) => -x;

    /// <summary>|x|.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Abs(Vector512<T> x) => Vector512.Abs(x);

    /// <summary>√x.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Sqrt(Vector512<T> x) => Vector512.Sqrt(x);

    /// <summary>True when <typeparamref name="TOp"/> has a real vector form (generated kernels check it before their register-level path).</summary>
    public static bool IsVectorized<TOp>()
        where TOp : IElementwiseOperator<TOp> => TOp.IsVectorized;

    /// <summary>f(x) for the op <typeparamref name="TOp"/> declares (its vector form).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Apply<TOp>(Vector512<T> x)
        where TOp : IElementwiseOperator<TOp> => TOp.Invoke(x);

    /// <summary>f′(x) given result = f(x), for the op <typeparamref name="TOp"/> declares (its vector form).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Derivative<TOp>(Vector512<T> x, Vector512<T> result)
        where TOp : IElementwiseOperator<TOp> => TOp.Derivative(x, result);

    /// <summary>eˣ: float32 through <see cref="ExpSingle"/> (the vector path, see <see cref="CanRun"/>), float64 through <see cref="Vector512.Exp(Vector512{double})"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Exp(Vector512<T> x) =>
        typeof(T) == typeof(float) ? ExpSingle(x.As<T, float>()).As<float, T>() : Vector512.Exp(x.As<T, double>()).As<double, T>();

    /// <summary>
    /// tanh x (float32 only). Below |x| = 0.5 its odd Taylor series to x¹⁵ (next term under 2e-8 relative there);
    /// above, 1 − 2 / (e²ˣ + 1), which loses at most a few bits to cancellation for |x| ≥ 0.5 and saturates to ±1.
    /// </summary>
    public static Vector512<T> Tanh(Vector512<T> x)
    {
        var v = x.As<T, float>();
        var one = Vector512.Create(1f);
        var viaExp = one - (Vector512.Create(2f) / (ExpSingle(v + v) + one));

        // tanh x = x − x³/3 + 2x⁵/15 − 17x⁷/315 + 62x⁹/2835 − 1382x¹¹/155925 + 21844x¹³/6081075 − 929569x¹⁵/638512875
        var z = v * v;
        var p = Vector512.Create(-929569f / 638512875f);
        p = (p * z) + Vector512.Create(21844f / 6081075f);
        p = (p * z) + Vector512.Create(-1382f / 155925f);
        p = (p * z) + Vector512.Create(62f / 2835f);
        p = (p * z) + Vector512.Create(-17f / 315f);
        p = (p * z) + Vector512.Create(2f / 15f);
        p = (p * z) + Vector512.Create(-1f / 3f);
        var series = v + (v * z * p);
        return Vector512.ConditionalSelect(Vector512.LessThan(Vector512.Abs(v), Vector512.Create(0.5f)), series, viaExp).As<float, T>();
    }

    /// <summary>
    /// eˣ in float32: x = k·ln 2 + r with |r| ≤ ln 2 / 2, e^r by its Taylor series to r⁷ (error under 1e-8 relative),
    /// times 2ᵏ built in the exponent bits. Above 88.72 the result is +∞, below −87.33 it is 0; NaN stays NaN.
    /// </summary>
    internal static Vector512<float> ExpSingle(Vector512<float> x)
    {
        var nan = ~Vector512.Equals(x, x);
        var overflow = Vector512.GreaterThan(x, Vector512.Create(88.72f));
        var underflow = Vector512.LessThan(x, Vector512.Create(-87.33f));
        var clamped = Vector512.Min(Vector512.Max(x, Vector512.Create(-87.33f)), Vector512.Create(88.72f));
        var k = Vector512.Round(clamped * Vector512.Create(1.44269504f));
        var r = (clamped - (k * Vector512.Create(0.693145751953125f))) - (k * Vector512.Create(1.428606765330187e-06f));
        var p = Vector512.Create(1f / 5040f);
        p = (p * r) + Vector512.Create(1f / 720f);
        p = (p * r) + Vector512.Create(1f / 120f);
        p = (p * r) + Vector512.Create(1f / 24f);
        p = (p * r) + Vector512.Create(1f / 6f);
        p = (p * r) + Vector512.Create(0.5f);
        p = (p * r) + Vector512.Create(1f);
        p = (p * r) + Vector512.Create(1f);
        var scale = (Vector512.ConvertToInt32(k) + Vector512.Create(127)) << 23;
        var result = p * scale.As<int, float>();
        result = Vector512.ConditionalSelect(overflow, Vector512.Create(float.PositiveInfinity), result);
        result = Vector512.ConditionalSelect(underflow, Vector512<float>.Zero, result);
        return Vector512.ConditionalSelect(nan, x, result);
    }
}
