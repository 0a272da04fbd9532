using System.Numerics;

namespace AutoDiffGen.Kernels;

/// <summary>An elementwise unary operation over contiguous spans; ops implement it with TensorPrimitives where it has them.</summary>
internal interface IUnaryOperator
{
    static abstract void Invoke<T>(ReadOnlySpan<T> x, Span<T> destination) where T : unmanaged, IFloatingPointIeee754<T>;
}
