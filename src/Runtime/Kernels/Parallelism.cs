namespace AutoDiffGen.Kernels;

/// <summary>
/// Splits large elementwise work across cores, on the same dedicated worker threads as GEMM
/// (<see cref="GemmThreadPool"/>): a worker still spinning after the previous kernel joins within nanoseconds, where
/// the .NET thread pool needs microseconds to wake one. Below a minimum number of elements per thread the scheduling
/// cost outweighs the bandwidth gained, so small tensors stay on the calling thread.
/// </summary>
internal static class Parallelism
{
    /// <summary>Elements (of 4–8 bytes) per worker below which splitting a one-pass elementwise op does not pay for itself.</summary>
    public const int MinElementsPerThread = 1 << 16;

    private static int maxThreads = Environment.ProcessorCount;

    /// <summary>
    /// Most threads (the caller included) any kernel uses, elementwise or GEMM; 1 keeps everything on the calling
    /// thread. Defaults to the core count; benchmarks pin it, as <c>torch.set_num_threads</c> does for libtorch.
    /// </summary>
    public static int MaxThreads
    {
        get => maxThreads;
        set => maxThreads = Math.Clamp(value, 1, Environment.ProcessorCount);
    }

    /// <summary>Number of chunks to use for <paramref name="length"/> elements (1 = run inline).</summary>
    public static int ChunkCount(int length, int minElementsPerThread = MinElementsPerThread)
    {
        var threads = maxThreads;
        return threads <= 1 ? 1 : Math.Clamp(length / minElementsPerThread, 1, threads);
    }

    /// <summary>Runs <paramref name="body"/>(start, length) over up to <paramref name="chunks"/> aligned slices of [0, length).</summary>
    public static void For(int length, int chunks, Action<int, int> body)
        => For(length, chunks, new DelegateBody(body));

    /// <summary>
    /// Runs <paramref name="body"/> over up to <paramref name="chunks"/> aligned slices of [0, length): the calling
    /// thread takes the first, workers that are free take the others; when none is, the caller runs it all.
    /// <paramref name="elements"/> is the work in elements when <paramref name="length"/> counts something coarser
    /// (blocks): it sets how long waking a parked worker is worth waiting for. Slice boundaries fall on multiples of
    /// <paramref name="grain"/>: 64 keeps neighbouring elementwise slices' vector loops aligned; a body over blocks
    /// passes 1, or a short range (fewer than 64 blocks per thread) would all land in the first slice.
    /// </summary>
    public static void For<TBody>(int length, int chunks, in TBody body, long elements = -1, int grain = 64)
        where TBody : struct, IRangeBody
    {
        if (chunks <= 1 || length <= 0)
        {
            body.Run(0, length);
            return;
        }

        // Taken out of the cache while in use, so a body that itself splits work gets a job of its own.
        var job = RangeJob<TBody>.Cached ?? new RangeJob<TBody>();
        RangeJob<TBody>.Cached = null;
        job.Body = body;
        job.Length = length;
        job.Grain = grain;

        // Waiting for a parked worker is worth a tenth of the one-thread time (estimated at 1 ns per element).
        var claimWait = TimeSpan.FromSeconds(Math.Clamp((elements < 0 ? length : elements) * 1e-10, 2e-6, 1e-3));
        if (GemmThreadPool.Shared.TryRun(chunks, job, claimWait) == 0)
        {
            body.Run(0, length);
        }

        job.Body = default;
        RangeJob<TBody>.Cached = job;
    }

    /// <summary>Start and end of slice <paramref name="part"/> of <paramref name="parts"/>, on multiples of <paramref name="grain"/>.</summary>
    internal static (int Start, int End) Slice(int length, int parts, int part, int grain)
    {
        var step = (length / parts + grain - 1) / grain * grain;
        var start = Math.Min(length, part * step);
        return (start, part == parts - 1 ? length : Math.Min(length, start + step));
    }

    /// <summary>A reusable work item per calling thread and body type, so a split allocates nothing.</summary>
    private sealed class RangeJob<TBody> : GemmThreadPool.Job
        where TBody : struct, IRangeBody
    {
        [ThreadStatic]
        public static RangeJob<TBody>? Cached;

        public TBody Body;

        public int Length;

        public int Grain;

        private int parts;

        public override void Prepare(int parts) => this.parts = parts;

        public override void Execute(int part)
        {
            var (start, end) = Slice(Length, parts, part, Grain);
            if (start < end)
            {
                Body.Run(start, end - start);
            }
        }
    }

    /// <summary>Adapts a delegate to <see cref="IRangeBody"/>.</summary>
    private readonly struct DelegateBody(Action<int, int> body) : IRangeBody
    {
        public void Run(int start, int length) => body(start, length);
    }
}
