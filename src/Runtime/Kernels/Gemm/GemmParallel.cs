using System.Numerics;

namespace AutoDiffGen.Kernels;

/// <summary>
/// Splits C into one block per core and runs <see cref="GemmDriver{T, TKernel}"/> on each, with no synchronisation
/// between them: each thread packs what it needs into its own buffers. The split runs across n when m &lt;= n (so the
/// smaller operand, A, is the one both threads pack) and across m otherwise.
/// </summary>
internal static unsafe class GemmParallel<T, TKernel>
    where T : unmanaged, INumber<T>
    where TKernel : IGemmMicroKernel<T>
{
    [ThreadStatic]
    private static Job? cachedJob;

    /// <summary>Runs the whole product, in parallel when it is large enough to pay for waking workers.</summary>
    public static void Run(in GemmArgs<T> args, int maxThreads)
    {
        int parts = Math.Min(maxThreads, GemmThreadPool.Shared.MaxParts);
        if (parts <= 1 || (long)args.M * args.N * args.K < Gemm.ParallelThreshold)
        {
            RunSerial(args);
            return;
        }

        bool splitN = args.M <= args.N;
        int tile = splitN ? TKernel.NR : TKernel.MR;
        int tiles = ((splitN ? args.N : args.M) + tile - 1) / tile;
        parts = Math.Min(parts, tiles);
        if (parts <= 1)
        {
            RunSerial(args);
            return;
        }

        Job job = cachedJob ??= new Job();
        job.Args = args;
        job.SplitN = splitN;
        job.TilesPerPart = (tiles + parts - 1) / parts;
        if (!GemmThreadPool.Shared.TryRun(parts, job.Body))
        {
            RunSerial(args);
        }
    }

    private static void RunSerial(in GemmArgs<T> g)
        => GemmDriver<T, TKernel>.Run(g.TransA, g.TransB, g.M, g.N, g.K, g.Alpha, g.A, g.Lda, g.B, g.Ldb, g.Beta, g.BetaIsZero, g.C, g.Ldc, g.Blocking);

    /// <summary>A reusable work item (one per calling thread), so dispatch allocates nothing.</summary>
    private sealed class Job
    {
        public Job() => Body = Execute;

        public GemmArgs<T> Args;

        public bool SplitN;

        public int TilesPerPart;

        public Action<int> Body { get; }

        private void Execute(int part)
        {
            GemmArgs<T> g = Args;
            if (SplitN)
            {
                int n0 = part * TilesPerPart * TKernel.NR;
                int n1 = Math.Min(g.N, n0 + (TilesPerPart * TKernel.NR));
                if (n0 >= n1)
                {
                    return;
                }

                T* b = g.TransB ? g.B + (n0 * g.Ldb) : g.B + n0;
                GemmDriver<T, TKernel>.Run(g.TransA, g.TransB, g.M, n1 - n0, g.K, g.Alpha, g.A, g.Lda, b, g.Ldb, g.Beta, g.BetaIsZero, g.C + n0, g.Ldc, g.Blocking);
            }
            else
            {
                int m0 = part * TilesPerPart * TKernel.MR;
                int m1 = Math.Min(g.M, m0 + (TilesPerPart * TKernel.MR));
                if (m0 >= m1)
                {
                    return;
                }

                T* a = g.TransA ? g.A + m0 : g.A + (m0 * g.Lda);
                GemmDriver<T, TKernel>.Run(g.TransA, g.TransB, m1 - m0, g.N, g.K, g.Alpha, a, g.Lda, g.B, g.Ldb, g.Beta, g.BetaIsZero, g.C + (m0 * g.Ldc), g.Ldc, g.Blocking);
            }
        }
    }
}
