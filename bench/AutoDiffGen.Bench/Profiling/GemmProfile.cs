using System.Diagnostics;
using System.Globalization;
using System.Numerics;
using AutoDiffGen.Bench.Gemm;
using KernelGemm = AutoDiffGen.Kernels.Gemm;

namespace AutoDiffGen.Bench.Profiling;

/// <summary>
/// A quick Stopwatch check of our GEMM throughput on 1 and 2 threads, interleaved round by round so machine load hits
/// both alike: float32 at the square and MLP shapes of <see cref="GemmShape"/>, float64 at the square sizes, each as
/// GFLOP/s and as a fraction of the FMA peak. Run with <c>-- --profile-gemm [peak32]</c>, where peak32 is one core's
/// float32 FMA peak in GFLOP/s; without it the peak is measured (<see cref="Machine.FmaPeak"/>, 1 and 2 threads); float64's
/// is half.
/// </summary>
public static class GemmProfile
{
    /// <summary>Runs the check and prints one line per shape, dtype and thread count.</summary>
    public static void Run(double? corePeak32, int rounds = 5)
    {
        Func<int, double> peak32;
        if (corePeak32 is { } given)
        {
            peak32 = threads => given * threads;
            Console.WriteLine($"GEMM Stopwatch check: median of {rounds} rounds; % of the given FMA peak ({given:F0} GFLOP/s per core float32, half for float64)");
        }
        else
        {
            var measured = Machine.FmaPeak.This;
            foreach (var line in measured.Describe())
            {
                Console.WriteLine(line);
            }

            peak32 = measured.ForThreads;
            Console.WriteLine($"GEMM Stopwatch check: median of {rounds} rounds; % of the measured FMA peak at the same thread count");
        }

        foreach (var shape in GemmShape.Float32Shapes)
        {
            Measure<float>(shape, "float32", peak32, rounds);
        }

        foreach (var shape in GemmShape.Float64Shapes)
        {
            Measure<double>(shape, "float64", t => peak32(t) / 2, rounds);
        }
    }

    private static void Measure<T>(GemmShape s, string dtype, Func<int, double> peakOf, int rounds)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var random = new Random(1);
        var a = Enumerable.Range(0, s.M * s.K).Select(_ => T.CreateTruncating(random.NextDouble())).ToArray();
        var b = Enumerable.Range(0, s.K * s.N).Select(_ => T.CreateTruncating(random.NextDouble())).ToArray();
        var c = new T[s.M * s.N];

        // Enough calls per timing for ~20 ms of work at 100 GFLOP/s.
        var calls = (int)Math.Clamp(2e9 / s.Flops, 1, 20_000);
        int[] threadCounts = [1, 2];
        var samples = threadCounts.Select(_ => new List<double>()).ToArray();
        for (var r = 0; r <= rounds; r++)
        {
            for (var t = 0; t < threadCounts.Length; t++)
            {
                var start = Stopwatch.GetTimestamp();
                for (var i = 0; i < calls; i++)
                {
                    KernelGemm.Multiply(KernelGemm.BestKernel, threadCounts[t], s.TransA, s.TransB, s.M, s.N, s.K, T.One, a, s.Lda, b, s.Ldb, T.Zero, c, s.N);
                }

                var seconds = (double)(Stopwatch.GetTimestamp() - start) / Stopwatch.Frequency;
                if (r > 0)
                {
                    samples[t].Add(s.Flops * calls / seconds / 1e9);
                }
            }
        }

        for (var t = 0; t < threadCounts.Length; t++)
        {
            var gflops = samples[t].Order().ElementAt(rounds / 2);
            var peak = peakOf(threadCounts[t]);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {dtype} {s.Name,-12} {s.M}x{s.N}x{s.K} {threadCounts[t]} thread(s): {gflops,7:F1} GFLOP/s = {100 * gflops / peak,5:F1}% of {peak:F0}"));
        }
    }
}
