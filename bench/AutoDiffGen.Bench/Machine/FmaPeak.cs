using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace AutoDiffGen.Bench.Machine;

/// <summary>
/// The machine's float32 FMA peak, measured: a register-resident loop of independent fused multiply-adds at each
/// vector width the CPU has (Vector128, Vector256, Vector512), on 1 thread and on 2 at once. Every "% of peak" in the
/// bench is of <see cref="BestPerCore"/> (float64's peak is half: half the lanes per vector).
/// </summary>
public sealed class FmaPeak
{
    // Twelve independent accumulators: more than latency (4 cycles) x FMA pipes (2) needs, and within 16 registers.
    private const int Iterations = 1_000_000;

    // Many short runs, keeping the best: on a shared machine a few of them land on an otherwise idle core.
    private static readonly Lazy<FmaPeak> Current = new(() => Measure(rounds: 15));

    private FmaPeak(IReadOnlyList<(int Bits, int Threads, double Gflops)> results) => Results = results;

    /// <summary>This machine's peak (measured once per process, ~0.5 s).</summary>
    public static FmaPeak This => Current.Value;

    /// <summary>Every measurement: vector width in bits, threads, float32 GFLOP/s over all threads.</summary>
    public IReadOnlyList<(int Bits, int Threads, double Gflops)> Results { get; }

    /// <summary>The best float32 GFLOP/s of one core at any width: the figure GEMM efficiency is stated against.</summary>
    public double BestPerCore => Results.Where(r => r.Threads == 1).Max(r => r.Gflops);

    /// <summary>
    /// The best float32 GFLOP/s of two threads at once at any width: close to twice <see cref="BestPerCore"/> when the
    /// second core was free, lower when other processes held it (so it tells how busy the machine was).
    /// </summary>
    public double BestTwoThreads => Results.Where(r => r.Threads == 2).DefaultIfEmpty((0, 2, 0)).Max(r => r.Gflops);

    /// <summary>
    /// The peak of <paramref name="threads"/> threads: that many times one core's measured peak. The two-thread
    /// measurement is not used here, because on a shared machine it measures the other processes as much as the CPU.
    /// </summary>
    public double ForThreads(int threads) => BestPerCore * threads;

    /// <summary>Measures every width on 1 and 2 threads, best of <paramref name="rounds"/> each.</summary>
    public static FmaPeak Measure(int rounds)
    {
        var widths = new List<(int Bits, Func<long, float> Loop)> { (128, Loop128) };
        if (Fma.IsSupported)
        {
            widths.Add((256, Loop256));
        }

        if (Avx512F.IsSupported)
        {
            widths.Add((512, Loop512));
        }

        var results = new List<(int, int, double)>();
        foreach (var (bits, loop) in widths)
        {
            loop(10_000); // compiled before timing
            foreach (var threads in new[] { 1, 2 })
            {
                var best = 0.0;
                for (var r = 0; r < rounds; r++)
                {
                    best = Math.Max(best, Run(loop, bits, threads));
                }

                results.Add((bits, threads, best));
            }
        }

        return new FmaPeak(results);
    }

    /// <summary>Lines describing the measurement, for the head of a report.</summary>
    public IEnumerable<string> Describe()
    {
        foreach (var group in Results.GroupBy(r => r.Bits))
        {
            yield return string.Join("   ", group.Select(r => string.Create(CultureInfo.InvariantCulture,
                $"Vector{r.Bits} FMA, {r.Threads} thread{(r.Threads > 1 ? "s" : "")}: {r.Gflops,6:F1} GFLOP/s")));
        }

        yield return string.Create(CultureInfo.InvariantCulture,
            $"float32 FMA peak: {BestPerCore:F1} GFLOP/s per core (float64: half); 2 threads at once reached {BestTwoThreads:F1} = {BestTwoThreads / (2 * BestPerCore):P0} of 2 cores' (lower: the machine was busy)");
    }

    private static double Run(Func<long, float> loop, int bits, int threads)
    {
        using var start = new Barrier(threads);
        var sink = new float[threads];
        var workers = new Thread[threads];
        long began = 0;
        for (var t = 0; t < threads; t++)
        {
            var id = t;
            workers[t] = new Thread(() =>
            {
                start.SignalAndWait();
                if (id == 0)
                {
                    Volatile.Write(ref began, Stopwatch.GetTimestamp());
                }

                sink[id] = loop(Iterations);
            });
            workers[t].Start();
        }

        foreach (var w in workers)
        {
            w.Join();
        }

        var seconds = (double)(Stopwatch.GetTimestamp() - began) / Stopwatch.Frequency;
        GC.KeepAlive(sink);
        var lanes = bits / 32;
        return 12.0 * 2 * lanes * Iterations * threads / seconds / 1e9;
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static float Loop128(long n)
    {
        var m = Vector128.Create(0.999f);
        var a = Vector128.Create(1e-3f);
        Vector128<float> c0 = Vector128.Create(1f), c1 = c0, c2 = c0, c3 = c0, c4 = c0, c5 = c0, c6 = c0, c7 = c0, c8 = c0, c9 = c0, c10 = c0, c11 = c0;
        for (long i = 0; i < n; i++)
        {
            if (Fma.IsSupported)
            {
                c0 = Fma.MultiplyAdd(c0, m, a); c1 = Fma.MultiplyAdd(c1, m, a); c2 = Fma.MultiplyAdd(c2, m, a); c3 = Fma.MultiplyAdd(c3, m, a);
                c4 = Fma.MultiplyAdd(c4, m, a); c5 = Fma.MultiplyAdd(c5, m, a); c6 = Fma.MultiplyAdd(c6, m, a); c7 = Fma.MultiplyAdd(c7, m, a);
                c8 = Fma.MultiplyAdd(c8, m, a); c9 = Fma.MultiplyAdd(c9, m, a); c10 = Fma.MultiplyAdd(c10, m, a); c11 = Fma.MultiplyAdd(c11, m, a);
            }
            else
            {
                // No FMA: a multiply and an add per lane still count as the two operations of one.
                c0 = c0 * m + a; c1 = c1 * m + a; c2 = c2 * m + a; c3 = c3 * m + a; c4 = c4 * m + a; c5 = c5 * m + a;
                c6 = c6 * m + a; c7 = c7 * m + a; c8 = c8 * m + a; c9 = c9 * m + a; c10 = c10 * m + a; c11 = c11 * m + a;
            }
        }

        return Vector128.Sum(c0 + c1 + c2 + c3 + c4 + c5 + c6 + c7 + c8 + c9 + c10 + c11);
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static float Loop256(long n)
    {
        var m = Vector256.Create(0.999f);
        var a = Vector256.Create(1e-3f);
        Vector256<float> c0 = Vector256.Create(1f), c1 = c0, c2 = c0, c3 = c0, c4 = c0, c5 = c0, c6 = c0, c7 = c0, c8 = c0, c9 = c0, c10 = c0, c11 = c0;
        for (long i = 0; i < n; i++)
        {
            c0 = Fma.MultiplyAdd(c0, m, a); c1 = Fma.MultiplyAdd(c1, m, a); c2 = Fma.MultiplyAdd(c2, m, a); c3 = Fma.MultiplyAdd(c3, m, a);
            c4 = Fma.MultiplyAdd(c4, m, a); c5 = Fma.MultiplyAdd(c5, m, a); c6 = Fma.MultiplyAdd(c6, m, a); c7 = Fma.MultiplyAdd(c7, m, a);
            c8 = Fma.MultiplyAdd(c8, m, a); c9 = Fma.MultiplyAdd(c9, m, a); c10 = Fma.MultiplyAdd(c10, m, a); c11 = Fma.MultiplyAdd(c11, m, a);
        }

        return Vector256.Sum(c0 + c1 + c2 + c3 + c4 + c5 + c6 + c7 + c8 + c9 + c10 + c11);
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static float Loop512(long n)
    {
        var m = Vector512.Create(0.999f);
        var a = Vector512.Create(1e-3f);
        Vector512<float> c0 = Vector512.Create(1f), c1 = c0, c2 = c0, c3 = c0, c4 = c0, c5 = c0, c6 = c0, c7 = c0, c8 = c0, c9 = c0, c10 = c0, c11 = c0;
        for (long i = 0; i < n; i++)
        {
            c0 = Avx512F.FusedMultiplyAdd(c0, m, a); c1 = Avx512F.FusedMultiplyAdd(c1, m, a); c2 = Avx512F.FusedMultiplyAdd(c2, m, a);
            c3 = Avx512F.FusedMultiplyAdd(c3, m, a); c4 = Avx512F.FusedMultiplyAdd(c4, m, a); c5 = Avx512F.FusedMultiplyAdd(c5, m, a);
            c6 = Avx512F.FusedMultiplyAdd(c6, m, a); c7 = Avx512F.FusedMultiplyAdd(c7, m, a); c8 = Avx512F.FusedMultiplyAdd(c8, m, a);
            c9 = Avx512F.FusedMultiplyAdd(c9, m, a); c10 = Avx512F.FusedMultiplyAdd(c10, m, a); c11 = Avx512F.FusedMultiplyAdd(c11, m, a);
        }

        return Vector512.Sum(c0 + c1 + c2 + c3 + c4 + c5 + c6 + c7 + c8 + c9 + c10 + c11);
    }
}
