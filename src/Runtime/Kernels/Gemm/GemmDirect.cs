using System.Numerics;
using System.Numerics.Tensors;

namespace AutoDiffGen.Kernels;

/// <summary>
/// Unpacked path for tiny products, where packing and blocking would cost more than the arithmetic.
/// </summary>
internal static unsafe class GemmDirect
{
    /// <summary>C = alpha * op(A) * op(B) + beta * C, row by row, vectorised along n or k where memory is contiguous.</summary>
    public static void Run<T>(
        bool transA, bool transB, int m, int n, int k, T alpha,
        T* a, nint lda, T* b, nint ldb, T beta, bool betaIsZero, T* c, nint ldc)
        where T : unmanaged, INumber<T>
    {
        for (int i = 0; i < m; i++)
        {
            var cRow = new Span<T>(c + (i * ldc), n);
            if (!transB)
            {
                // C row i = beta * C row i + sum_p (alpha * A(i,p)) * B row p: contiguous axpys along n.
                if (betaIsZero)
                {
                    cRow.Clear();
                }
                else if (beta != T.One)
                {
                    TensorPrimitives.Multiply(cRow, beta, cRow);
                }

                for (int p = 0; p < k; p++)
                {
                    T aip = alpha * (transA ? a[(p * lda) + i] : a[(i * lda) + p]);
                    TensorPrimitives.MultiplyAdd(new ReadOnlySpan<T>(b + (p * ldb), n), aip, cRow, cRow);
                }
            }
            else
            {
                // op(B)(p, j) = B[j, p]: each C element is a dot product of A's row i with B's row j.
                for (int j = 0; j < n; j++)
                {
                    T* bRow = b + (j * ldb);
                    T sum = T.Zero;
                    if (!transA)
                    {
                        sum = TensorPrimitives.Dot(new ReadOnlySpan<T>(a + (i * lda), k), new ReadOnlySpan<T>(bRow, k));
                    }
                    else
                    {
                        for (int p = 0; p < k; p++)
                        {
                            sum += a[(p * lda) + i] * bRow[p];
                        }
                    }

                    cRow[j] = betaIsZero ? alpha * sum : (alpha * sum) + (beta * cRow[j]);
                }
            }
        }
    }
}
