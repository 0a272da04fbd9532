using System.Numerics;

namespace AutoDiffGen.Fusion;

/// <summary>The comparisons <see cref="FusedMath{T}"/> turns into masks, as operator structs (a vector and a scalar form each).</summary>
internal static class FusedComparisons
{
    public interface IComparisonOperator
    {
        static abstract Vector<T> Invoke<T>(Vector<T> x, Vector<T> y) where T : unmanaged, IFloatingPointIeee754<T>;

        static abstract bool Invoke<T>(T x, T y) where T : unmanaged, IFloatingPointIeee754<T>;
    }

    public readonly struct GreaterThanOperator : IComparisonOperator
    {
        public static Vector<T> Invoke<T>(Vector<T> x, Vector<T> y) where T : unmanaged, IFloatingPointIeee754<T> => Vector.GreaterThan(x, y);

        public static bool Invoke<T>(T x, T y) where T : unmanaged, IFloatingPointIeee754<T> => x > y;
    }

    public readonly struct GreaterThanOrEqualOperator : IComparisonOperator
    {
        public static Vector<T> Invoke<T>(Vector<T> x, Vector<T> y) where T : unmanaged, IFloatingPointIeee754<T> => Vector.GreaterThanOrEqual(x, y);

        public static bool Invoke<T>(T x, T y) where T : unmanaged, IFloatingPointIeee754<T> => x >= y;
    }

    public readonly struct LessThanOperator : IComparisonOperator
    {
        public static Vector<T> Invoke<T>(Vector<T> x, Vector<T> y) where T : unmanaged, IFloatingPointIeee754<T> => Vector.LessThan(x, y);

        public static bool Invoke<T>(T x, T y) where T : unmanaged, IFloatingPointIeee754<T> => x < y;
    }

    public readonly struct LessThanOrEqualOperator : IComparisonOperator
    {
        public static Vector<T> Invoke<T>(Vector<T> x, Vector<T> y) where T : unmanaged, IFloatingPointIeee754<T> => Vector.LessThanOrEqual(x, y);

        public static bool Invoke<T>(T x, T y) where T : unmanaged, IFloatingPointIeee754<T> => x <= y;
    }

    public readonly struct EqualOperator : IComparisonOperator
    {
        public static Vector<T> Invoke<T>(Vector<T> x, Vector<T> y) where T : unmanaged, IFloatingPointIeee754<T> => Vector.Equals(x, y);

        public static bool Invoke<T>(T x, T y) where T : unmanaged, IFloatingPointIeee754<T> => x == y;
    }
}
