using System.Diagnostics;
using System.Globalization;
using AutoDiffGen.Bench.Gemm;
using AutoDiffGen.Kernels;
using KernelGemm = AutoDiffGen.Kernels.Gemm;

namespace AutoDiffGen.Bench.Profiling;

/// <summary>
/// Interleaved A/B Stopwatch check of reading A in place against packing it (<c>GemmDriver.ReadAInPlace</c>) at the
/// square and MLP shapes of <see cref="GemmShape"/> plus the MLP's backward products in <c>nn.Linear</c>'s weight
/// layout, on 1 and 2 threads. Rounds alternate the two ways in one process, so machine drift hits both alike; the
/// ratio is in-place time over packed time. Run with <c>-- --profile-gemm-direct</c>.
/// </summary>
public static class GemmDirectAProfile
{
    private static readonly GemmShape[] LinearLayoutShapes =
    [
        new("dW1 dZt*X", 256, 784, 128, TransA: true, TransB: false),
        new("dX dZ*W1", 128, 784, 256, TransA: false, TransB: false),
        new("dW2 dZt*H", 128, 256, 128, TransA: true, TransB: false),
    ];

    /// <summary>Runs the check and prints one line per shape and thread count.</summary>
    public static void Run(int rounds = 16, int callsPerRound = 200)
    {
        Console.WriteLine($"GEMM: A read in place vs packed, float32, median of {rounds / 2} rounds each (interleaved) of {callsPerRound} calls");
        try
        {
            foreach (var s in GemmShape.Float32Shapes.Concat(LinearLayoutShapes))
            {
                if (s.Flops < 2e6 || s.Flops > 3e8)
                {
                    continue; // below the parallel threshold, or too slow for a quick check
                }

                var random = new Random(1);
                var a = Enumerable.Range(0, s.M * s.K).Select(_ => random.NextSingle()).ToArray();
                var b = Enumerable.Range(0, s.K * s.N).Select(_ => random.NextSingle()).ToArray();
                var c = new float[s.M * s.N];
                foreach (var threads in new[] { 1, 2 })
                {
                    var samples = new[] { new List<double>(), new List<double>() };
                    for (var r = 0; r < rounds + 2; r++)
                    {
                        var inPlace = r % 2;
                        GemmDriver<float, GemmMicroKernel512<float>>.ReadAInPlace = inPlace == 1;
                        var start = Stopwatch.GetTimestamp();
                        for (var i = 0; i < callsPerRound; i++)
                        {
                            KernelGemm.Multiply(GemmKernelKind.Vector512, threads, s.TransA, s.TransB, s.M, s.N, s.K, 1f, a, s.Lda, b, s.Ldb, 0f, c, s.N);
                        }

                        if (r >= 2)
                        {
                            samples[inPlace].Add(Stopwatch.GetElapsedTime(start).TotalMicroseconds / callsPerRound);
                        }
                    }

                    var packed = Median(samples[0]);
                    var direct = Median(samples[1]);
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"  {s.Name,-12} {s.M}x{s.N}x{s.K} {threads} thread(s): packed {packed,8:F1} us, in place {direct,8:F1} us, ratio {direct / packed:F3}"));
                }
            }
        }
        finally
        {
            GemmDriver<float, GemmMicroKernel512<float>>.ReadAInPlace = true;
        }
    }

    private static double Median(List<double> samples) => samples.Order().ElementAt(samples.Count / 2);
}
