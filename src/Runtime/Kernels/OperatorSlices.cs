using System.Numerics;

namespace AutoDiffGen.Kernels;

/// <summary>
/// <see cref="Parallelism.For{TBody}"/> bodies that run an operator over one slice of contiguous operands: structs, so
/// splitting a large elementwise op across cores allocates no closure or delegate.
/// </summary>
internal static class OperatorSlices
{
    /// <summary>d = op(x, y) over a slice; x, y and d start at their offsets.</summary>
    public readonly struct Binary<T, TOp>(T[] x, int xOffset, T[] y, int yOffset, T[] d) : IRangeBody
        where T : unmanaged, IFloatingPointIeee754<T>
        where TOp : IBinaryOperator
    {
        public void Run(int start, int length)
            => TOp.Invoke<T>(x.AsSpan(xOffset + start, length), y.AsSpan(yOffset + start, length), d.AsSpan(start, length));
    }

    /// <summary>d = op(x, y) with y one value.</summary>
    public readonly struct BinaryScalarRight<T, TOp>(T[] x, int xOffset, T y, T[] d) : IRangeBody
        where T : unmanaged, IFloatingPointIeee754<T>
        where TOp : IBinaryOperator
    {
        public void Run(int start, int length) => TOp.Invoke(x.AsSpan(xOffset + start, length), y, d.AsSpan(start, length));
    }

    /// <summary>d = op(x, y) with x one value.</summary>
    public readonly struct BinaryScalarLeft<T, TOp>(T x, T[] y, int yOffset, T[] d) : IRangeBody
        where T : unmanaged, IFloatingPointIeee754<T>
        where TOp : IBinaryOperator
    {
        public void Run(int start, int length) => TOp.Invoke(x, y.AsSpan(yOffset + start, length), d.AsSpan(start, length));
    }

    /// <summary>d = op(x).</summary>
    public readonly struct Unary<T, TOp>(T[] x, int xOffset, T[] d) : IRangeBody
        where T : unmanaged, IFloatingPointIeee754<T>
        where TOp : IUnaryOperator
    {
        public void Run(int start, int length) => TOp.Invoke<T>(x.AsSpan(xOffset + start, length), d.AsSpan(start, length));
    }

    /// <summary>d = op(x, s) with a scalar parameter s (a power, a slope).</summary>
    public readonly struct UnaryScalar<T, TOp>(T[] x, int xOffset, T s, T[] d) : IRangeBody
        where T : unmanaged, IFloatingPointIeee754<T>
        where TOp : IUnaryScalarOperator
    {
        public void Run(int start, int length) => TOp.Invoke(x.AsSpan(xOffset + start, length), s, d.AsSpan(start, length));
    }
}
