using System.Numerics;

namespace AutoDiffGen.Kernels;

/// <summary>One GEMM call's operands as raw pointers (already pinned by the caller), handed to each thread's share.</summary>
internal readonly unsafe struct GemmArgs<T>(
    bool transA, bool transB, int m, int n, int k, T alpha, T* a, nint lda, T* b, nint ldb, T beta, bool betaIsZero, T* c, nint ldc, GemmBlocking? blocking)
    where T : unmanaged, INumber<T>
{
    public readonly bool TransA = transA;
    public readonly bool TransB = transB;
    public readonly int M = m;
    public readonly int N = n;
    public readonly int K = k;
    public readonly T Alpha = alpha;
    public readonly T* A = a;
    public readonly nint Lda = lda;
    public readonly T* B = b;
    public readonly nint Ldb = ldb;
    public readonly T Beta = beta;
    public readonly bool BetaIsZero = betaIsZero;
    public readonly T* C = c;
    public readonly nint Ldc = ldc;
    public readonly GemmBlocking? Blocking = blocking;
}
