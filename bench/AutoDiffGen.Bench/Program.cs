using System.Reflection;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;

namespace AutoDiffGen.Bench;

/// <summary>
/// Runs the benchmarks picked on the command line (<c>--filter '*'</c> for all) with BenchmarkSwitcher, or with
/// <c>--profile-mlp [threads]</c> the quick Stopwatch profile of one MLP training step, or with
/// <c>--soak [steps] [folder]</c> the long-run soak of the MNIST MLP (heap, RSS and time per step by tenths), or with
/// <c>--profile-gemm [peak]</c> a quick Stopwatch check of GEMM throughput, with <c>--profile-gemm-direct</c> an
/// interleaved comparison of reading A in place against packing it, with <c>--profile-bandwidth [rounds]</c> one of
/// elementwise and sum bandwidth, with <c>--fma-peak</c> the machine's measured FMA peak, or with
/// <c>--side-by-side [rounds] [--busy] [--jit] [--shared] [--pytorch-loop-only]</c> the MNIST MLP as users write it, each library in its own process.
/// </summary>
public static class Program
{
    /// <summary>Threads every libtorch benchmark runs with, so its figures are comparable across machines and runs.</summary>
    public const int TorchThreads = 2;

    /// <summary>Entry point.</summary>
    public static int Main(string[] args)
    {
        // The child processes of --side-by-side report to their parent, which prints the machine facts itself.
        if (args is ["--side-by-side-child", var library, var loop])
        {
            return SideBySide.SideBySideHarness.RunChild(library, loop);
        }

        if (args is ["--busy-loop"])
        {
            return SideBySide.SideBySideHarness.BusyLoop();
        }

        if (args is ["--side-by-side", .. var sideArgs])
        {
            return SideBySide.SideBySideHarness.Run(
                rounds: sideArgs.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal)) is { } r ? int.Parse(r, System.Globalization.CultureInfo.InvariantCulture) : 8,
                busy: sideArgs.Contains("--busy"),
                jit: sideArgs.Contains("--jit"),
                pytorchLoopOnly: sideArgs.Contains("--pytorch-loop-only"),
                shared: sideArgs.Contains("--shared"));
        }

        // Every figure printed below is of this CPU (BenchmarkDotNet's summaries also get it as a column).
        Console.WriteLine($"CPU: {Machine.CpuInfo.This}; load average {Machine.CpuInfo.LoadAverage()}");
        if (args is ["--fma-peak"])
        {
            foreach (var line in Machine.FmaPeak.This.Describe())
            {
                Console.WriteLine(line);
            }

            return 0;
        }

        if (args is ["--profile-mlp", .. var rest])
        {
            Profiling.MlpStepProfile.Run(
                threads: rest is [var t, ..] ? int.Parse(t, System.Globalization.CultureInfo.InvariantCulture) : TorchThreads,
                batches: rest is [_, var b, ..] ? int.Parse(b, System.Globalization.CultureInfo.InvariantCulture) : 1);
            return 0;
        }

        if (args is ["--soak", .. var soakArgs])
        {
            Profiling.SoakProfile.Run(
                steps: soakArgs is [var s, ..] ? int.Parse(s, System.Globalization.CultureInfo.InvariantCulture) : 200_000,
                folder: soakArgs is [_, var f, ..] ? f : null);
            return 0;
        }

        if (args is ["--profile-gemm", .. var gemmArgs])
        {
            Profiling.GemmProfile.Run(gemmArgs is [var p, ..] ? double.Parse(p, System.Globalization.CultureInfo.InvariantCulture) : null);
            return 0;
        }

        if (args is ["--profile-gemm-direct"])
        {
            Profiling.GemmDirectAProfile.Run();
            return 0;
        }

        if (args is ["--profile-bandwidth", .. var bandwidthArgs])
        {
            Profiling.BandwidthProfile.Run(bandwidthArgs is [var r, ..] ? int.Parse(r, System.Globalization.CultureInfo.InvariantCulture) : 15);
            return 0;
        }

        if (args is ["--profile-scalar-gradient", .. var scalarArgs])
        {
            Profiling.ScalarGradientProfile.Run(scalarArgs is [var r, ..] ? int.Parse(r, System.Globalization.CultureInfo.InvariantCulture) : 21);
            return 0;
        }

        HandTorchSharpNativeFixToChildBuilds();
        // The child build copies libtorch (~0.5 GB) twice; on a busy 2-core machine that outlasts the default 2 minutes.
        IConfig config = ManualConfig.Create(DefaultConfig.Instance).WithBuildTimeout(TimeSpan.FromMinutes(15))
            .AddColumn(new Machine.CpuColumn());
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);
        return 0;
    }

    /// <summary>
    /// BenchmarkDotNet builds every run from a generated project that imports none of ours, so libtorch would fail to
    /// load in the benchmark process on a machine with an older libstdc++. The child `dotnet build` inherits this
    /// process's environment and MSBuild reads environment variables as properties, so pointing MSBuild's
    /// CustomAfterMicrosoftCommonTargets hook at build/TorchSharpNativeFix.targets makes every project of that build
    /// import it. (A job-level MsBuildArgument would do the same but replaces the `--job` chosen on the command line
    /// and prints the path in every summary.)
    /// </summary>
    private static void HandTorchSharpNativeFixToChildBuilds()
    {
        string targets = typeof(Program).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .SingleOrDefault(a => a.Key == "TorchSharpNativeFixTargets")?.Value
            ?? throw new InvalidOperationException("AutoDiffGen.Bench was built without the TorchSharpNativeFixTargets metadata.");
        if (!File.Exists(targets))
        {
            throw new FileNotFoundException($"AutoDiffGen.Bench: {targets} is gone; rebuild the bench from the repository.", targets);
        }
        Environment.SetEnvironmentVariable("CustomAfterMicrosoftCommonTargets", targets);
    }
}
