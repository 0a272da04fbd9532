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

    /// <summary>
    /// C = A·Bᵀ + bias (bias added to every row): <c>addmm</c> as <c>F.linear</c> uses it, for A m x k, B stored n x k
    /// (a Linear weight) and C m x n, all row-major and contiguous. The bias is copied into C's rows and the GEMM
    /// accumulates onto it, so the bias costs no pass of its own.
    /// </summary>
    public static void LinearForward<T>(int m, int n, int k, ReadOnlySpan<T> a, ReadOnlySpan<T> b, ReadOnlySpan<T> bias, Span<T> c)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (var i = 0; i < m; i++)
        {
            bias.CopyTo(c.Slice(i * n, n));
        }

        Gemm.Multiply(Gemm.BestKernel, Parallelism.MaxThreads, false, true, m, n, k, T.One, a, k, b, k, T.One, c, n);
    }
}
