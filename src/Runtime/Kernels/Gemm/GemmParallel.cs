using System.Numerics;

namespace AutoDiffGen.Kernels;

/// <summary>
/// Runs one product on the caller plus the pool's workers. Normally the threads split C's rows and share each packed
/// B block (each packs a share of it, then all meet at a barrier), so nothing is packed twice. When C has too few rows
/// to give every thread two row tiles, they split its columns instead and each packs its own panels, with no barrier:
/// A, then the operand both pack, is small.
/// </summary>
internal static unsafe class GemmParallel<T, TKernel>
    where T : unmanaged, INumber<T>
    where TKernel : IGemmMicroKernel<T>
{
    [ThreadStatic]
    private static Job? cachedJob;

    /// <summary>Runs the whole product, in parallel when it is large enough to pay for waking workers.</summary>
    public static void Run(in GemmArgs<T> args, int maxThreads, bool waitForWorkers)
    {
        int parts = Math.Min(maxThreads, GemmThreadPool.Shared.MaxParts);
        if (parts <= 1 || (long)args.M * args.N * args.K < Gemm.ParallelThreshold)
        {
            GemmDriver<T, TKernel>.Run(args);
            return;
        }

        int rowTiles = (args.M + TKernel.MR - 1) / TKernel.MR;
        int columnTiles = (args.N + TKernel.NR - 1) / TKernel.NR;
        // Splitting columns gives each thread disjoint B panels (nothing shared, no barriers, no B lines crossing cores)
        // at the price of each packing all of A; splitting rows shares one packed B. Columns win unless C is much taller
        // than wide (dW = X^T dZ with a large fan-in), where A is the big operand.
        bool shareB = rowTiles >= 2 * parts && (columnTiles < 2 * parts || args.M > 2 * args.N);
        parts = Math.Min(parts, shareB ? rowTiles : columnTiles);
        if (parts <= 1)
        {
            GemmDriver<T, TKernel>.Run(args);
            return;
        }

        Job job = cachedJob ??= new Job();
        job.Args = args;
        job.ShareB = shareB;

        // Worth waiting for a worker up to a tenth of the one-thread time (estimated at 100 G multiply-adds/s).
        double serialSeconds = (double)args.M * args.N * args.K / 100e9;
        var claimWait = waitForWorkers ? TimeSpan.FromSeconds(30) : TimeSpan.FromSeconds(Math.Clamp(serialSeconds / 10, 10e-6, 1e-3));
        if (GemmThreadPool.Shared.TryRun(parts, job, claimWait) == 0)
        {
            GemmDriver<T, TKernel>.Run(args);
        }
    }

    /// <summary>A reusable work item (one per calling thread), so dispatch allocates nothing.</summary>
    private sealed class Job : GemmThreadPool.Job
    {
        public GemmArgs<T> Args;

        public bool ShareB;

        private int parts;

        private GemmTeam? team;

        private T* sharedB;

        public override void Prepare(int parts)
        {
            this.parts = parts;
            if (ShareB)
            {
                if (team?.Parts != parts)
                {
                    team = new GemmTeam(parts);
                }

                team.Barrier.Reset();
                sharedB = GemmWorkspace<T>.SharedB(2 * GemmDriver<T, TKernel>.PackedBLength(Args));
            }
        }

        public override void Execute(int part)
        {
            GemmArgs<T> g = Args;
            if (ShareB)
            {
                int tiles = (g.M + TKernel.MR - 1) / TKernel.MR;
                int m0 = tiles * part / parts * TKernel.MR;
                int m1 = Math.Min(g.M, tiles * (part + 1) / parts * TKernel.MR);
                GemmDriver<T, TKernel>.RunRows(g, m0, m1, team, part, sharedB);
                return;
            }

            int columnTiles = (g.N + TKernel.NR - 1) / TKernel.NR;
            int n0 = columnTiles * part / parts * TKernel.NR;
            int n1 = Math.Min(g.N, columnTiles * (part + 1) / parts * TKernel.NR);
            if (n0 >= n1)
            {
                return;
            }

            T* b = g.TransB ? g.B + (n0 * g.Ldb) : g.B + n0;
            var share = new GemmArgs<T>(
                g.TransA, g.TransB, g.M, n1 - n0, g.K, g.Alpha, g.A, g.Lda, b, g.Ldb, g.Beta, g.BetaIsZero, g.C + n0, g.Ldc, g.Blocking);
            GemmDriver<T, TKernel>.Run(share);
        }
    }
}
