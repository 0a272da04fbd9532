using System.Diagnostics;
using System.Globalization;
using AutoDiffGen.Kernels;
using AdgTensor = AutoDiffGen.Tensor;

namespace AutoDiffGen.Bench.Profiling;

/// <summary>
/// A quick Stopwatch check of memory bandwidth on 16M float32 elements, 1 and 2 threads interleaved round by round so
/// machine load hits both alike: a plain copy (the machine's reference), a + b, a * 2, ReLU and the full sum, each as
/// GB/s of bytes read + written (median of the rounds). Run with <c>-- --profile-bandwidth [rounds]</c>; the
/// BenchmarkDotNet suite <c>Elementwise/BandwidthBenchmarks</c> is the figure of record, with libtorch beside it.
/// </summary>
public static class BandwidthProfile
{
    private const int Size = 16 * 1024 * 1024;

    /// <summary>Runs the check and prints one line per op and thread count.</summary>
    public static void Run(int rounds = 15)
    {
        var saved = Parallelism.MaxThreads;
        var generator = new Generator(3);
        var a = AdgTensor.Rand(new Shape(Size), DType.Float32, generator) - 0.5;
        var b = AdgTensor.Rand(new Shape(Size), DType.Float32, generator);
        var source = a.ToArray<float>();
        var destination = new float[Size];

        (string Name, int Bytes, Action Body)[] ops =
        [
            ("copy", 8, () => ArrayCopy.Copy(source, 0, destination, 0, Size)),
            ("a + b", 12, () => { using var s = TensorScope.Begin(); _ = a + b; }),
            ("a * 2", 8, () => { using var s = TensorScope.Begin(); _ = a * 2.0; }),
            ("relu(a)", 8, () => { using var s = TensorScope.Begin(); _ = AdgTensor.Relu(a); }),
            ("a.Sum()", 4, () => { using var s = TensorScope.Begin(); _ = a.Sum().Item<float>(); }),
        ];

        int[] threadCounts = [1, 2];
        const int callsPerRound = 20;
        Console.WriteLine($"Bandwidth Stopwatch check: 16M float32, median of {rounds} rounds of {callsPerRound} calls, GB/s");
        try
        {
            foreach (var (name, bytes, body) in ops)
            {
                var samples = threadCounts.Select(_ => new List<double>()).ToArray();
                for (var r = 0; r <= rounds; r++)
                {
                    for (var t = 0; t < threadCounts.Length; t++)
                    {
                        Parallelism.MaxThreads = threadCounts[t];
                        var start = Stopwatch.GetTimestamp();
                        for (var i = 0; i < callsPerRound; i++)
                        {
                            body();
                        }

                        var seconds = (double)(Stopwatch.GetTimestamp() - start) / Stopwatch.Frequency;
                        if (r > 0)
                        {
                            samples[t].Add((double)bytes * Size * callsPerRound / seconds / 1e9);
                        }
                    }
                }

                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {name,-8} 1 thread {Median(samples[0]),6:F1}   2 threads {Median(samples[1]),6:F1}"));
            }
        }
        finally
        {
            Parallelism.MaxThreads = saved;
        }
    }

    private static double Median(List<double> samples) => samples.Order().ElementAt(samples.Count / 2);
}
