using System.Numerics;
using System.Runtime.CompilerServices;

namespace AutoDiffGen.Kernels;

/// <summary>
/// The blocked loop nest (Goto/BLIS order jc, pc, ic, jr, ir) for one thread's share of C, specialised by the JIT for
/// each element type and micro-kernel.
/// </summary>
internal static unsafe class GemmDriver<T, TKernel>
    where T : unmanaged, INumber<T>
    where TKernel : IGemmMicroKernel<T>
{
    /// <summary>C = alpha * op(A) * op(B) + beta * C on raw pointers already offset to this share.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(
        bool transA, bool transB, int m, int n, int k, T alpha,
        T* a, nint lda, T* b, nint ldb, T beta, bool betaIsZero, T* c, nint ldc, GemmBlocking? forced)
    {
        int mr = TKernel.MR;
        int nr = TKernel.NR;
        GemmBlocking blocking = forced ?? GemmBlocking.For(mr, nr, sizeof(T));
        int kcMax = Math.Min(blocking.KC, k);
        int mcMax = Math.Min(blocking.MC, RoundUp(m, mr));
        int ncMax = Math.Min(blocking.NC, RoundUp(n, nr));
        T* packA = GemmWorkspace<T>.A(RoundUp(mcMax, mr) * kcMax);
        T* packB = GemmWorkspace<T>.B(RoundUp(ncMax, nr) * kcMax);

        // Ragged edge tiles are computed into this scratch tile, then merged with alpha/beta.
        T* edge = stackalloc T[mr * nr];
        T one = T.One;

        for (int jc = 0; jc < n; jc += blocking.NC)
        {
            int nc = Math.Min(blocking.NC, n - jc);
            for (int pc = 0; pc < k; pc += blocking.KC)
            {
                int kc = Math.Min(blocking.KC, k - pc);

                // After the first k-slice, later slices accumulate into C: beta becomes 1.
                bool first = pc == 0;
                T betaHere = first ? beta : one;
                bool betaZeroHere = first && betaIsZero;

                if (transB)
                {
                    GemmPacking.PackTransposed(b + (jc * ldb) + pc, ldb, nc, kc, nr, packB);
                }
                else
                {
                    GemmPacking.PackCopy(b + (pc * ldb) + jc, ldb, nc, kc, nr, packB);
                }

                for (int ic = 0; ic < m; ic += blocking.MC)
                {
                    int mc = Math.Min(blocking.MC, m - ic);
                    if (transA)
                    {
                        GemmPacking.PackCopy(a + (pc * lda) + ic, lda, mc, kc, mr, packA);
                    }
                    else
                    {
                        GemmPacking.PackTransposed(a + (ic * lda) + pc, lda, mc, kc, mr, packA);
                    }

                    // jr outer, ir inner: one B micro-panel stays in L1 while the A block streams from L2.
                    for (int jr = 0; jr < nc; jr += nr)
                    {
                        int nrHere = Math.Min(nr, nc - jr);
                        T* bPanel = packB + (jr * kc);
                        for (int ir = 0; ir < mc; ir += mr)
                        {
                            int mrHere = Math.Min(mr, mc - ir);
                            T* aPanel = packA + (ir * kc);
                            T* cTile = c + ((ic + ir) * ldc) + jc + jr;
                            if (mrHere == mr && nrHere == nr)
                            {
                                TKernel.Run(kc, aPanel, bPanel, cTile, ldc, alpha, betaHere, betaZeroHere);
                            }
                            else
                            {
                                TKernel.Run(kc, aPanel, bPanel, edge, nr, one, default, betaIsZero: true);
                                MergeEdge(edge, nr, cTile, ldc, mrHere, nrHere, alpha, betaHere, betaZeroHere);
                            }
                        }
                    }
                }
            }
        }
    }

    private static void MergeEdge(T* tile, int nr, T* c, nint ldc, int rows, int cols, T alpha, T beta, bool betaIsZero)
    {
        for (int i = 0; i < rows; i++)
        {
            T* src = tile + (i * nr);
            T* dst = c + (i * ldc);
            for (int j = 0; j < cols; j++)
            {
                dst[j] = betaIsZero ? alpha * src[j] : (alpha * src[j]) + (beta * dst[j]);
            }
        }
    }

    private static int RoundUp(int x, int multiple) => (x + multiple - 1) / multiple * multiple;
}
