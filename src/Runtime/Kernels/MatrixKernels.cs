using System.Numerics;

namespace AutoDiffGen.Kernels;

/// <summary>The single entry point the tensor layer uses for one matrix product C = op(A)·op(B).</summary>
internal static class MatrixKernels
{
    /// <summary>C = op(A)·op(B), overwriting C; row-major with leading dimensions as stored.</summary>
    public static void Multiply<T>(bool transA, bool transB, int m, int n, int k,
        ReadOnlySpan<T> a, int lda, ReadOnlySpan<T> b, int ldb, Span<T> c, int ldc)
        where T : unmanaged, IFloatingPointIeee754<T>
        => Gemm.Multiply(Gemm.BestKernel, Parallelism.MaxThreads, transA, transB, m, n, k, T.One, a, lda, b, ldb, T.Zero, c, ldc);
}
