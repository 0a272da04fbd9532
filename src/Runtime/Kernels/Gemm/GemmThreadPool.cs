namespace AutoDiffGen.Kernels;

/// <summary>
/// A tiny pool of dedicated worker threads for GEMM: the caller runs part 0, each worker one more part.
/// Waking a parked worker costs microseconds, so workers spin briefly after each job to catch the next one
/// (a training step issues GEMMs back to back); after that they block and cost nothing.
/// </summary>
internal sealed class GemmThreadPool
{
    /// <summary>Shared instance with one worker per extra core.</summary>
    public static readonly GemmThreadPool Shared = new(Environment.ProcessorCount - 1);

    private const int SpinIterations = 20_000;

    private readonly Worker[] workers;
    private int busy;
    private int remaining;
    private Action<int>? job;
    private Exception? failure;

    private GemmThreadPool(int workerCount)
    {
        workers = new Worker[Math.Max(0, workerCount)];
    }

    /// <summary>Most parts one <see cref="TryRun"/> can run at once (workers plus the caller).</summary>
    public int MaxParts => workers.Length + 1;

    /// <summary>
    /// Runs <paramref name="body"/>(0..parts-1) in parallel and returns true; returns false without running anything
    /// when the pool is already serving another caller (the caller then runs serially).
    /// </summary>
    public bool TryRun(int parts, Action<int> body)
    {
        if (parts > MaxParts || Interlocked.CompareExchange(ref busy, 1, 0) != 0)
        {
            return false;
        }

        try
        {
            job = body;
            Volatile.Write(ref remaining, parts - 1);
            for (int w = 0; w < parts - 1; w++)
            {
                (workers[w] ??= new Worker(this)).Start(w + 1);
            }

            try
            {
                body(0);
            }
            finally
            {
                // Workers finish at about the same time as the caller: spin, then yield.
                var spin = default(SpinWait);
                while (Volatile.Read(ref remaining) != 0)
                {
                    spin.SpinOnce(sleep1Threshold: -1);
                }
            }

            if (failure is { } error)
            {
                failure = null;
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(error);
            }
        }
        finally
        {
            job = null;
            Volatile.Write(ref busy, 0);
        }

        return true;
    }

    /// <summary>One background thread that runs the part it is handed.</summary>
    private sealed class Worker
    {
        private readonly GemmThreadPool pool;
        private readonly ManualResetEventSlim wake = new(false, spinCount: 1);
        private volatile int part = -1;

        public Worker(GemmThreadPool pool)
        {
            this.pool = pool;
            var thread = new Thread(Loop) { IsBackground = true, Name = "AutoDiffGen GEMM worker" };
            thread.Start();
        }

        public void Start(int index)
        {
            part = index;
            wake.Set();
        }

        private void Loop()
        {
            while (true)
            {
                // Spin a little before parking: back-to-back GEMMs then skip the kernel wake-up.
                for (int s = 0; s < SpinIterations && part < 0; s++)
                {
                    Thread.SpinWait(20);
                }

                if (part < 0)
                {
                    wake.Wait();
                }

                wake.Reset();
                int index = part;
                if (index < 0)
                {
                    continue;
                }

                part = -1;
                try
                {
                    pool.job!(index);
                }
                catch (Exception error)
                {
                    pool.failure = error;
                }
                finally
                {
                    Interlocked.Decrement(ref pool.remaining);
                }
            }
        }
    }
}
