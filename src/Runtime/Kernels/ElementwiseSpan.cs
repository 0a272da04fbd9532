using System.Numerics;

namespace AutoDiffGen.Kernels;

/// <summary>An op's <see cref="IElementwiseOperator{TSelf}"/> as the span operator the unary kernels drive.</summary>
internal readonly struct ElementwiseSpan<TOp> : IUnaryOperator
    where TOp : IElementwiseOperator<TOp>
{
    public static void Invoke<T>(ReadOnlySpan<T> x, Span<T> destination) where T : unmanaged, IFloatingPointIeee754<T> => TOp.Invoke(x, destination);
}
