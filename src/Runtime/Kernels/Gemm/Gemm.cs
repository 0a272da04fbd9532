using System.Numerics;
using System.Runtime.Intrinsics;

namespace AutoDiffGen.Kernels;

/// <summary>
/// Dense matrix multiply on spans: C = alpha * op(A) * op(B) + beta * C, row-major, op(X) = Xᵀ when the flag is set.
/// Packed, cache-blocked, register-tiled (AVX-512, AVX2 or scalar micro-kernels) and split over the cores for
/// large shapes; tiny shapes take an unpacked path. Knows nothing of tensors.
/// </summary>
internal static unsafe class Gemm
{
    /// <summary>Products with at most this many multiply-adds skip packing (it would cost more than it saves).</summary>
    internal const long DirectThreshold = 4 * 1024;

    /// <summary>
    /// Products with fewer multiply-adds than this (about 5 µs on one core) stay on the calling thread: handing part to
    /// a worker (a wake-up, then a barrier per k slice) would cost more than it saves.
    /// </summary>
    internal const long ParallelThreshold = 1024 * 1024;

    /// <summary>The fastest micro-kernel family this CPU runs.</summary>
    internal static GemmKernelKind BestKernel { get; } =
        Vector512.IsHardwareAccelerated && System.Runtime.Intrinsics.X86.Avx512F.IsSupported ? GemmKernelKind.Vector512
        : Vector256.IsHardwareAccelerated ? GemmKernelKind.Vector256
        : GemmKernelKind.Scalar;

    /// <summary>
    /// float32 GEMM. op(A) is m x k, op(B) is k x n, C is m x n; lda, ldb, ldc are the row strides of A, B, C as stored
    /// (A is stored k x m when <paramref name="transA"/> is set, B n x k when <paramref name="transB"/> is set).
    /// When beta is 0, C is written without being read.
    /// </summary>
    public static void Multiply(
        bool transA, bool transB, int m, int n, int k, float alpha, ReadOnlySpan<float> a, int lda,
        ReadOnlySpan<float> b, int ldb, float beta, Span<float> c, int ldc)
        => Multiply(BestKernel, Parallelism.MaxThreads, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);

    /// <summary>float64 GEMM; same contract as the float32 overload.</summary>
    public static void Multiply(
        bool transA, bool transB, int m, int n, int k, double alpha, ReadOnlySpan<double> a, int lda,
        ReadOnlySpan<double> b, int ldb, double beta, Span<double> c, int ldc)
        => Multiply(BestKernel, Parallelism.MaxThreads, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);

    /// <summary>
    /// GEMM with an explicit micro-kernel family, thread cap and (optionally) cache blocking: tests force each path and
    /// tiny blocks so small shapes cross every block edge; benchmarks pin the thread count. With
    /// <paramref name="waitForWorkers"/> a parallel-sized product always waits for its workers instead of running alone
    /// when they are slow to start, so tests cover the parallel paths deterministically.
    /// </summary>
    internal static void Multiply<T>(
        GemmKernelKind kind, int maxThreads, bool transA, bool transB, int m, int n, int k, T alpha,
        ReadOnlySpan<T> a, int lda, ReadOnlySpan<T> b, int ldb, T beta, Span<T> c, int ldc, GemmBlocking? blocking = null,
        bool waitForWorkers = false)
        where T : unmanaged, INumber<T>
    {
        Validate(transA, transB, m, n, k, a.Length, lda, b.Length, ldb, c.Length, ldc);
        if (m == 0 || n == 0)
        {
            return;
        }

        bool betaIsZero = beta == T.Zero;
        fixed (T* pa = a)
        fixed (T* pb = b)
        fixed (T* pc = c)
        {
            if (k == 0 || alpha == T.Zero)
            {
                ScaleC(m, n, beta, betaIsZero, pc, ldc);
                return;
            }

            if ((long)m * n * k <= DirectThreshold && blocking is null)
            {
                GemmDirect.Run(transA, transB, m, n, k, alpha, pa, lda, pb, ldb, beta, betaIsZero, pc, ldc);
                return;
            }

            var args = new GemmArgs<T>(transA, transB, m, n, k, alpha, pa, lda, pb, ldb, beta, betaIsZero, pc, ldc, blocking);
            switch (kind)
            {
                case GemmKernelKind.Vector512 when GemmMicroKernel512<T>.IsSupported && n <= Vector512<T>.Count:
                    GemmParallel<T, GemmMicroKernel512Narrow<T>>.Run(args, maxThreads, waitForWorkers);
                    break;
                case GemmKernelKind.Vector512 when GemmMicroKernel512<T>.IsSupported:
                    GemmParallel<T, GemmMicroKernel512<T>>.Run(args, maxThreads, waitForWorkers);
                    break;
                case GemmKernelKind.Vector512 or GemmKernelKind.Vector256 when GemmMicroKernel256<T>.IsSupported:
                    GemmParallel<T, GemmMicroKernel256<T>>.Run(args, maxThreads, waitForWorkers);
                    break;
                default:
                    GemmParallel<T, GemmMicroKernelScalar<T>>.Run(args, maxThreads, waitForWorkers);
                    break;
            }
        }
    }

    private static void ScaleC<T>(int m, int n, T beta, bool betaIsZero, T* c, nint ldc)
        where T : unmanaged, INumber<T>
    {
        for (int i = 0; i < m; i++)
        {
            var row = new Span<T>(c + (i * ldc), n);
            if (betaIsZero)
            {
                row.Clear();
            }
            else if (beta != T.One)
            {
                System.Numerics.Tensors.TensorPrimitives.Multiply(row, beta, row);
            }
        }
    }

    private static void Validate(bool transA, bool transB, int m, int n, int k, int aLength, int lda, int bLength, int ldb, int cLength, int ldc)
    {
        if (m < 0 || n < 0 || k < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(m), $"Gemm.Multiply: sizes must be non-negative, got m={m}, n={n}, k={k}.");
        }

        CheckOperand("A", transA ? k : m, transA ? m : k, aLength, lda, nameof(lda), transA, transB, m, n, k);
        CheckOperand("B", transB ? n : k, transB ? k : n, bLength, ldb, nameof(ldb), transA, transB, m, n, k);
        CheckOperand("C", m, n, cLength, ldc, nameof(ldc), transA, transB, m, n, k);
    }

    private static void CheckOperand(string name, int rows, int cols, int length, int ld, string ldName, bool transA, bool transB, int m, int n, int k)
    {
        if (ld < Math.Max(1, cols))
        {
            throw new ArgumentException(
                $"Gemm.Multiply ({Shapes(transA, transB, m, n, k)}): {name} is stored as {rows}x{cols}, so {ldName} must be at least {Math.Max(1, cols)}, got {ld}.", ldName);
        }

        long needed = rows == 0 || cols == 0 ? 0 : ((long)(rows - 1) * ld) + cols;
        if (length < needed)
        {
            throw new ArgumentException(
                $"Gemm.Multiply ({Shapes(transA, transB, m, n, k)}): {name} is stored as {rows}x{cols} with {ldName}={ld}, which needs {needed} elements, got {length}.", name.ToLowerInvariant());
        }
    }

    // Built only when a check fails: the happy path must not allocate.
    private static string Shapes(bool transA, bool transB, int m, int n, int k)
        => $"op(A) {m}x{k}{(transA ? " (A transposed)" : string.Empty)}, op(B) {k}x{n}{(transB ? " (B transposed)" : string.Empty)}, C {m}x{n}";
}
