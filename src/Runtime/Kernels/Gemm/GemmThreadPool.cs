using System.Runtime.ExceptionServices;

namespace AutoDiffGen.Kernels;

/// <summary>
/// A tiny pool of dedicated worker threads for GEMM and large elementwise kernels (<see cref="Parallelism"/>): the
/// caller runs part 0, each worker that joins one more part.
/// A job is first offered: only workers that claim it within a short wait take part, the others are cancelled and the
/// team is sized to who showed up. On an oversubscribed machine a worker may sit in the run queue for milliseconds;
/// waiting for it (and then meeting it at every barrier) made a 2-thread product several times slower than 1 thread,
/// while a worker that is on a core (spinning after its last job, as in back-to-back training GEMMs) claims within
/// nanoseconds. Workers spin briefly after each job, then block and cost nothing.
/// </summary>
internal sealed class GemmThreadPool
{
    /// <summary>Shared instance with one worker per extra core.</summary>
    public static readonly GemmThreadPool Shared = new(Environment.ProcessorCount - 1);

    private const int SpinIterations = 2_000;

    private readonly Worker?[] workers;
    private int busy;
    private int remaining;
    private Job? job;
    private Exception? failure;

    private GemmThreadPool(int workerCount)
    {
        workers = new Worker?[Math.Max(0, workerCount)];
    }

    /// <summary>Most parts one <see cref="TryRun"/> can run at once (workers plus the caller).</summary>
    public int MaxParts => workers.Length + 1;

    /// <summary>
    /// Offers <paramref name="work"/> to up to <paramref name="wantedParts"/> - 1 workers, waits at most
    /// <paramref name="claimWait"/> for them to claim it, then runs it with the caller plus those that did, after
    /// telling it the team size through <see cref="Job.Prepare"/>. Returns the number of parts run, or 0 when no worker
    /// joined or the pool is serving another caller: the caller then runs the work alone.
    /// </summary>
    public int TryRun(int wantedParts, Job work, TimeSpan claimWait)
    {
        int offered = Math.Min(wantedParts, MaxParts) - 1;
        if (offered <= 0 || Interlocked.CompareExchange(ref busy, 1, 0) != 0)
        {
            return 0;
        }

        try
        {
            for (int w = 0; w < offered; w++)
            {
                (workers[w] ??= new Worker(this)).Offer();
            }

            // Wait for claims, then cancel every offer still open; an offer claimed in the meantime stays claimed.
            long deadline = System.Diagnostics.Stopwatch.GetTimestamp()
                + (long)(claimWait.TotalSeconds * System.Diagnostics.Stopwatch.Frequency);
            var spin = default(SpinWait);
            while (!AllClaimed(offered) && System.Diagnostics.Stopwatch.GetTimestamp() < deadline)
            {
                spin.SpinOnce(sleep1Threshold: -1);
            }

            int parts = 1;
            for (int w = 0; w < offered; w++)
            {
                if (workers[w]!.CancelOrKeep())
                {
                    parts++;
                }
            }

            if (parts == 1)
            {
                return 0;
            }

            job = work;
            try
            {
                work.Prepare(parts);
            }
            catch
            {
                // Release the workers that claimed: they go back to waiting without running anything.
                for (int w = 0; w < offered; w++)
                {
                    workers[w]!.Release();
                }

                throw;
            }

            Volatile.Write(ref remaining, parts - 1);
            int next = 1;
            for (int w = 0; w < offered; w++)
            {
                if (workers[w]!.IsClaimed)
                {
                    workers[w]!.Go(next++);
                }
            }

            try
            {
                work.Execute(0);
            }
            finally
            {
                // Workers that joined finish at about the same time as the caller: spin, then yield.
                var wait = default(SpinWait);
                while (Volatile.Read(ref remaining) != 0)
                {
                    wait.SpinOnce(sleep1Threshold: -1);
                }
            }

            if (failure is { } error)
            {
                failure = null;
                ExceptionDispatchInfo.Throw(error);
            }

            return parts;
        }
        finally
        {
            job = null;
            Volatile.Write(ref busy, 0);
        }
    }

    private bool AllClaimed(int offered)
    {
        for (int w = 0; w < offered; w++)
        {
            if (!workers[w]!.IsClaimed)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Work the pool runs: told the team size once, then run once per part.</summary>
    internal abstract class Job
    {
        /// <summary>Called on the caller's thread with the final number of parts, before any part runs.</summary>
        public abstract void Prepare(int parts);

        /// <summary>Runs one part, 0 on the caller's thread.</summary>
        public abstract void Execute(int part);
    }

    /// <summary>One background thread: idle, offered a job, claimed it, then running the part it is handed.</summary>
    private sealed class Worker
    {
        private const int Idle = 0, Offered = 1, Claimed = 2, Running = 3;

        private readonly GemmThreadPool pool;
        private readonly ManualResetEventSlim wake = new(false, spinCount: 1);
        private int state;
        private int part;

        public Worker(GemmThreadPool pool)
        {
            this.pool = pool;
            var thread = new Thread(Loop) { IsBackground = true, Name = "AutoDiffGen GEMM worker" };
            thread.Start();
        }

        public bool IsClaimed => Volatile.Read(ref state) == Claimed;

        public void Offer()
        {
            Volatile.Write(ref state, Offered);
            wake.Set();
        }

        /// <summary>Withdraws an unclaimed offer; returns true when the worker had claimed it (and stays in).</summary>
        public bool CancelOrKeep() => Interlocked.CompareExchange(ref state, Idle, Offered) == Claimed;

        public void Release() => Interlocked.CompareExchange(ref state, Idle, Claimed);

        public void Go(int index)
        {
            part = index;
            Volatile.Write(ref state, Running);
        }

        private void Loop()
        {
            while (true)
            {
                // Spin a little before parking: back-to-back GEMMs then find this worker on a core.
                for (int s = 0; s < SpinIterations && Volatile.Read(ref state) != Offered; s++)
                {
                    Thread.SpinWait(20);
                }

                if (Volatile.Read(ref state) != Offered)
                {
                    wake.Wait();
                }

                wake.Reset();
                if (Interlocked.CompareExchange(ref state, Claimed, Offered) != Offered)
                {
                    continue;
                }

                // The caller hands out parts right after its claim wait; it is running, so this is short.
                var spin = default(SpinWait);
                while (Volatile.Read(ref state) == Claimed)
                {
                    spin.SpinOnce(sleep1Threshold: -1);
                }

                if (Volatile.Read(ref state) != Running)
                {
                    continue;
                }

                try
                {
                    pool.job!.Execute(part);
                }
                catch (Exception error)
                {
                    pool.failure = error;
                }
                finally
                {
                    Volatile.Write(ref state, Idle);
                    Interlocked.Decrement(ref pool.remaining);
                }
            }
        }
    }
}
