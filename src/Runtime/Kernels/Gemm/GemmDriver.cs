using System.Numerics;
using System.Runtime.CompilerServices;

namespace AutoDiffGen.Kernels;

/// <summary>
/// The blocked loop nest (Goto/BLIS order jc, pc, ic, jr, ir), specialised by the JIT for each element type and
/// micro-kernel. Runs a whole product on one thread, or one thread's rows of a product whose packed B blocks the
/// threads of a <see cref="GemmTeam"/> share.
/// </summary>
internal static unsafe class GemmDriver<T, TKernel>
    where T : unmanaged, INumber<T>
    where TKernel : IGemmMicroKernel<T>
{
    /// <summary>Most rows of C one thread computes with A read in place rather than packed.</summary>
    internal const int DirectARows = 256;

    /// <summary>Off packs A always: benchmarks compare the two ways in one process.</summary>
    internal static bool ReadAInPlace { get; set; } = true;

    /// <summary>C = alpha * op(A) * op(B) + beta * C, all on the calling thread.</summary>
    public static void Run(in GemmArgs<T> g) => RunRows(g, 0, g.M, team: null, part: 0, sharedB: null);

    /// <summary>
    /// Size in elements of one packed B block for this problem: a team's shared buffer holds two (double-buffered).
    /// </summary>
    public static int PackedBLength(in GemmArgs<T> g)
    {
        Steps(g, g.M, out int kcStep, out _, out int ncStep);
        return kcStep * ncStep;
    }

    /// <summary>
    /// Computes rows [<paramref name="m0"/>, <paramref name="m1"/>) of C. With a <paramref name="team"/>, every member
    /// packs its share of each B block into <paramref name="sharedB"/> (two blocks, alternating), then all wait at the
    /// team's barrier, then each multiplies its own rows: B is packed once, not once per thread. Every member passes
    /// the same number of barriers (one per k slice), even with no rows of its own.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void RunRows(in GemmArgs<T> g, int m0, int m1, GemmTeam? team, int part, T* sharedB)
    {
        int mr = TKernel.MR;
        int nr = TKernel.NR;
        int m = m1 - m0, n = g.N, k = g.K;
        nint lda = g.Lda, ldb = g.Ldb, ldc = g.Ldc;
        Steps(g, m, out int kcStep, out int mcStep, out int ncStep);
        T* packA = GemmWorkspace<T>.A(mcStep * kcStep);
        T* ownB = team is null ? GemmWorkspace<T>.B(ncStep * kcStep) : null;
        int parts = team?.Parts ?? 1;
        bool sense = false;

        // A thread with few rows reads A in place: in a column split every thread would otherwise pack all of A, and
        // the packed copy buys little when the block is small enough to stay in cache (`--profile-gemm-direct`, two
        // threads: the MLP's forward and small backward products 6-13% faster, the wide ones 3-4%).
        // Tall blocks keep packing: their rows, a large power-of-two stride apart, would collide in the cache sets.
        bool directA = TKernel.SupportsDirectA && ReadAInPlace && m <= DirectARows;
        nint aRowStride = g.TransA ? 1 : lda, aDepthStride = g.TransA ? lda : 1;

        // Ragged edge tiles are computed into this scratch tile, then merged with alpha/beta.
        T* edge = stackalloc T[mr * nr];
        T one = T.One;
        int slice = 0;

        for (int jc = 0; jc < n; jc += ncStep)
        {
            int nc = Math.Min(ncStep, n - jc);
            for (int pc = 0; pc < k; pc += kcStep, slice++)
            {
                int kc = Math.Min(kcStep, k - pc);

                // After the first k slice, later slices accumulate into C: beta becomes 1.
                bool first = pc == 0;
                T betaHere = first ? g.Beta : one;
                bool betaZeroHere = first && g.BetaIsZero;

                // Alternating buffers: the barrier below also proves every member is done with the block packed two
                // slices ago, which is the one about to be overwritten.
                T* packB = team is null ? ownB : sharedB + ((slice & 1) * ncStep * kcStep);
                int panels = (nc + nr - 1) / nr;
                int p0 = panels * part / parts, p1 = panels * (part + 1) / parts;
                int j0 = p0 * nr, j1 = Math.Min(nc, p1 * nr);
                if (j1 > j0)
                {
                    if (g.TransB)
                    {
                        GemmPacking.PackTransposed(g.B + ((jc + j0) * ldb) + pc, ldb, j1 - j0, kc, nr, packB + (j0 * kc));
                    }
                    else
                    {
                        GemmPacking.PackCopy(g.B + (pc * ldb) + jc + j0, ldb, j1 - j0, kc, nr, packB + (j0 * kc));
                    }
                }

                team?.Barrier.SignalAndWait(ref sense);

                for (int ic = m0; ic < m1; ic += mcStep)
                {
                    int mc = Math.Min(mcStep, m1 - ic);

                    // Reading A in place, only a ragged last row tile is packed (the kernel reads whole tiles).
                    int packFrom = directA ? mc / mr * mr : 0;
                    if (packFrom < mc)
                    {
                        if (g.TransA)
                        {
                            GemmPacking.PackCopy(g.A + (pc * lda) + ic + packFrom, lda, mc - packFrom, kc, mr, packA + (packFrom * kc));
                        }
                        else
                        {
                            GemmPacking.PackTransposed(g.A + ((ic + packFrom) * lda) + pc, lda, mc - packFrom, kc, mr, packA + (packFrom * kc));
                        }
                    }

                    // jr outer, ir inner: one B micro-panel stays in L1 while the A block streams from L2.
                    for (int jr = 0; jr < nc; jr += nr)
                    {
                        int nrHere = Math.Min(nr, nc - jr);
                        T* bPanel = packB + (jr * kc);
                        for (int ir = 0; ir < mc; ir += mr)
                        {
                            int mrHere = Math.Min(mr, mc - ir);
                            T* cTile = g.C + ((ic + ir) * ldc) + jc + jr;
                            if (ir < packFrom)
                            {
                                T* aTile = g.A + (g.TransA ? (pc * lda) + ic + ir : ((ic + ir) * lda) + pc);
                                if (nrHere == nr)
                                {
                                    TKernel.RunDirect(kc, aTile, aRowStride, aDepthStride, bPanel, cTile, ldc, g.Alpha, betaHere, betaZeroHere);
                                }
                                else
                                {
                                    TKernel.RunDirect(kc, aTile, aRowStride, aDepthStride, bPanel, edge, nr, one, default, betaIsZero: true);
                                    MergeEdge(edge, nr, cTile, ldc, mrHere, nrHere, g.Alpha, betaHere, betaZeroHere);
                                }

                                continue;
                            }

                            T* aPanel = packA + (ir * kc);
                            if (mrHere == mr && nrHere == nr)
                            {
                                TKernel.Run(kc, aPanel, bPanel, cTile, ldc, g.Alpha, betaHere, betaZeroHere);
                            }
                            else
                            {
                                TKernel.Run(kc, aPanel, bPanel, edge, nr, one, default, betaIsZero: true);
                                MergeEdge(edge, nr, cTile, ldc, mrHere, nrHere, g.Alpha, betaHere, betaZeroHere);
                            }
                        }
                    }
                }
            }
        }
    }

    /// <summary>
    /// Splits each dimension into equal blocks no larger than the cache-sized maximum: k = 784 runs as 4 slices of 196
    /// rather than 3 x 256 + 16, whose last sliver would pay a full C-tile update for 16 k steps. kc and nc depend only
    /// on the whole problem, so every member of a team agrees on them.
    /// </summary>
    private static void Steps(in GemmArgs<T> g, int rows, out int kcStep, out int mcStep, out int ncStep)
    {
        GemmBlocking blocking = g.Blocking ?? GemmBlocking.For(TKernel.MR, TKernel.NR, sizeof(T));
        kcStep = CeilDiv(g.K, CeilDiv(g.K, blocking.KC));
        mcStep = rows == 0 ? TKernel.MR : RoundUp(CeilDiv(rows, CeilDiv(rows, blocking.MC)), TKernel.MR);
        ncStep = RoundUp(CeilDiv(g.N, CeilDiv(g.N, blocking.NC)), TKernel.NR);
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

    private static int CeilDiv(int x, int y) => (x + y - 1) / y;

    private static int RoundUp(int x, int multiple) => CeilDiv(x, multiple) * multiple;
}
