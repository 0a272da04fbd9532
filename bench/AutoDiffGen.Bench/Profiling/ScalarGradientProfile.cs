using System.Diagnostics;
using AutoDiffGen.Bench.Generated;

namespace AutoDiffGen.Bench.Profiling;

/// <summary>
/// A quick Stopwatch check of what a generated scalar <c>FGradient</c> costs against the same gradient written by hand,
/// in the tight loop an optimiser runs (gradient descent on Rosenbrock: each step depends on the last, so nothing is
/// hoisted), alternating the two round by round so machine load hits both alike. Prints the median ns per call of
/// each and their ratio. Run with <c>-- --profile-scalar-gradient [rounds]</c>. No libtorch figure: libtorch has no
/// scalar path to compare with; the reference is hand-written C#.
/// </summary>
public static class ScalarGradientProfile
{
    private const int Steps = 2_000_000;

    /// <summary>Runs the check and prints one line per variant and the ratio.</summary>
    public static void Run(int rounds = 21)
    {
        var generated = new List<double>();
        var notInlined = new List<double>();
        var byHand = new List<double>();
        var sink = 0.0;
        for (var r = 0; r <= rounds; r++)
        {
            var (a, b, c) = (Time(Generated, ref sink), Time(ByHand, ref sink), Time(GeneratedNotInlined, ref sink));
            if (r > 0)
            {
                generated.Add(a);
                byHand.Add(b);
                notInlined.Add(c);
            }
        }

        var (g, h, n) = (Median(generated), Median(byHand), Median(notInlined));
        Console.WriteLine($"Scalar gradient Stopwatch check: Rosenbrock, {Steps:N0} dependent gradient steps, median of {rounds} rounds");
        Console.WriteLine($"  CPU: {Cpu()}; load average: {Load()}");
        Console.WriteLine($"  generated RosenbrockGradient          {g,7:F2} ns/call   ratio to hand-written {g / h,5:F2}");
        Console.WriteLine($"  generated, call kept out of line      {n,7:F2} ns/call   ratio to hand-written {n / h,5:F2}   (as before AggressiveInlining)");
        Console.WriteLine($"  hand-written gradient                 {h,7:F2} ns/call   (checksum {sink:G6})");
    }

    private static double Time(Func<double> loop, ref double sink)
    {
        var start = Stopwatch.GetTimestamp();
        sink += loop();
        return (double)(Stopwatch.GetTimestamp() - start) / Stopwatch.Frequency * 1e9 / Steps;
    }

    // Each step feeds the next, as in an optimiser, so the loop cannot overlap independent calls.
    private static double Generated()
    {
        var (x0, x1) = (-1.2, 1.0);
        for (var i = 0; i < Steps; i++)
        {
            var (_, d0, d1) = ScalarFunctions.RosenbrockGradient(x0, x1);
            x0 -= 1e-4 * d0;
            x1 -= 1e-4 * d1;
        }

        return x0 + x1;
    }

    // The generated gradient as a call the JIT may not inline: what every call cost before FGradient was marked AggressiveInlining.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static (double Value, double dx0, double dx1) OutOfLine(double x0, double x1) => ScalarFunctions.RosenbrockGradient(x0, x1);

    private static double GeneratedNotInlined()
    {
        var (x0, x1) = (-1.2, 1.0);
        for (var i = 0; i < Steps; i++)
        {
            var (_, d0, d1) = OutOfLine(x0, x1);
            x0 -= 1e-4 * d0;
            x1 -= 1e-4 * d1;
        }

        return x0 + x1;
    }

    private static double ByHand()
    {
        var (x0, x1) = (-1.2, 1.0);
        for (var i = 0; i < Steps; i++)
        {
            var (_, d0, d1) = ScalarFunctions.RosenbrockByHand(x0, x1);
            x0 -= 1e-4 * d0;
            x1 -= 1e-4 * d1;
        }

        return x0 + x1;
    }

    private static string Cpu()
    {
        var info = File.Exists("/proc/cpuinfo") ? File.ReadAllLines("/proc/cpuinfo") : [];
        string Field(string name) => info.FirstOrDefault(l => l.StartsWith(name, StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "?";
        return $"{Field("model name")}, family {Field("cpu family")} model {Field("model\t")}, {Environment.ProcessorCount} cores";
    }

    private static string Load() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "?";

    private static double Median(List<double> samples)
    {
        var sorted = samples.OrderBy(s => s).ToList();
        return sorted[sorted.Count / 2];
    }
}
