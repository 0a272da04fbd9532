using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace AutoDiffGen;

/// <summary>
/// The per-element definition of a one-input elementwise op, as <c>System.Numerics.Tensors</c>' operators are: a
/// scalar form, a span form and a <see cref="Vector512{T}"/> form of the function and of its derivative. Declared once,
/// beside the op; the tape's forward runs the span form, and fused kernels (generated for <c>[Differentiable]</c>
/// methods that call the op) run the span or vector form of both, so no list of ops lives anywhere else.
/// </summary>
/// <remarks>
/// Only <see cref="Invoke{T}(T)"/> and <see cref="Derivative{T}(T, T)"/> are required; the span and vector forms
/// default to element-by-element loops over them. Override the vector forms and <see cref="IsVectorized"/> for speed
/// (generated kernels take their register-level path only when every operator they call is vectorised).
/// </remarks>
/// <typeparam name="TSelf">The implementing struct.</typeparam>
public interface IElementwiseOperator<TSelf>
    where TSelf : IElementwiseOperator<TSelf>
{
    /// <summary>f(x) for one element.</summary>
    static abstract T Invoke<T>(T x) where T : unmanaged, IFloatingPointIeee754<T>;

    /// <summary>f′(x) for one element, given x and <paramref name="result"/> = f(x) (use whichever is cheaper).</summary>
    static abstract T Derivative<T>(T x, T result) where T : unmanaged, IFloatingPointIeee754<T>;

    /// <summary>True when the vector forms are real SIMD code, not the default per-element loops.</summary>
    static virtual bool IsVectorized => false;

    /// <summary>destination[i] = f(x[i]); <paramref name="destination"/> may be <paramref name="x"/>.</summary>
    static virtual void Invoke<T>(ReadOnlySpan<T> x, Span<T> destination) where T : unmanaged, IFloatingPointIeee754<T>
    {
        Check(x.Length, destination.Length);
        for (var i = 0; i < x.Length; i++)
        {
            destination[i] = TSelf.Invoke(x[i]);
        }
    }

    /// <summary>destination[i] = f′(x[i]) given result[i] = f(x[i]); <paramref name="destination"/> may be either input.</summary>
    static virtual void Derivative<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> result, Span<T> destination) where T : unmanaged, IFloatingPointIeee754<T>
    {
        Check(x.Length, destination.Length);
        Check(result.Length, destination.Length);
        for (var i = 0; i < x.Length; i++)
        {
            destination[i] = TSelf.Derivative(x[i], result[i]);
        }
    }

    /// <summary>f on every element of <paramref name="x"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static virtual Vector512<T> Invoke<T>(Vector512<T> x) where T : unmanaged, IFloatingPointIeee754<T>
    {
        Span<T> values = stackalloc T[Vector512<T>.Count];
        x.CopyTo(values);
        TSelf.Invoke<T>(values, values);
        return Vector512.Create<T>(values);
    }

    /// <summary>f′ on every element of <paramref name="x"/>, given <paramref name="result"/> = f(x).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static virtual Vector512<T> Derivative<T>(Vector512<T> x, Vector512<T> result) where T : unmanaged, IFloatingPointIeee754<T>
    {
        Span<T> values = stackalloc T[Vector512<T>.Count];
        Span<T> results = stackalloc T[Vector512<T>.Count];
        x.CopyTo(values);
        result.CopyTo(results);
        TSelf.Derivative<T>(values, results, values);
        return Vector512.Create<T>(values);
    }

    private static void Check(int length, int destination)
    {
        if (length != destination)
        {
            throw new ArgumentException($"{typeof(TSelf).Name}: span lengths differ ({length} and {destination}).");
        }
    }
}
