using System.Numerics;
using System.Numerics.Tensors;

namespace AutoDiffGen.Kernels;

/// <summary>
/// A plain, correct GEMM: C = op(A)·op(B) (+ C when accumulate is set), row-major, with transpose flags.
/// The row-times-row form keeps the inner loop a contiguous vectorised multiply-add.
/// </summary>
internal static class ReferenceGemm
{
    public static void Multiply<T>(bool transA, bool transB, int m, int n, int k,
        ReadOnlySpan<T> a, int lda, ReadOnlySpan<T> b, int ldb, Span<T> c, int ldc, bool accumulate)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (!accumulate)
        {
            for (var i = 0; i < m; i++)
            {
                c.Slice(i * ldc, n).Clear();
            }
        }

        var bRow = transB ? new T[n] : null;
        for (var p = 0; p < k; p++)
        {
            ReadOnlySpan<T> row;
            if (transB)
            {
                for (var j = 0; j < n; j++)
                {
                    bRow![j] = b[j * ldb + p];
                }

                row = bRow;
            }
            else
            {
                row = b.Slice(p * ldb, n);
            }

            for (var i = 0; i < m; i++)
            {
                var aip = transA ? a[p * lda + i] : a[i * lda + p];
                var ci = c.Slice(i * ldc, n);
                TensorPrimitives.MultiplyAdd(row, aip, ci, ci);
            }
        }
    }
}
