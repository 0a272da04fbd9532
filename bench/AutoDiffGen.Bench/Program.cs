using System.Reflection;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;

namespace AutoDiffGen.Bench;

/// <summary>
/// Runs the benchmarks picked on the command line (<c>--filter '*'</c> for all) with BenchmarkSwitcher, or with
/// <c>--profile-mlp [threads]</c> the quick Stopwatch profile of one MLP training step, or with
/// <c>--profile-gemm [peak]</c> a quick Stopwatch check of GEMM throughput, with <c>--profile-gemm-direct</c> an
/// interleaved comparison of reading A in place against packing it, or with <c>--profile-bandwidth [rounds]</c> one of
/// elementwise and sum bandwidth.
/// </summary>
public static class Program
{
    /// <summary>Threads every libtorch benchmark runs with, so its figures are comparable across machines and runs.</summary>
    public const int TorchThreads = 2;

    /// <summary>Entry point.</summary>
    public static void Main(string[] args)
    {
        if (args is ["--profile-mlp", .. var rest])
        {
            Profiling.MlpStepProfile.Run(
                threads: rest is [var t, ..] ? int.Parse(t, System.Globalization.CultureInfo.InvariantCulture) : TorchThreads,
                batches: rest is [_, var b, ..] ? int.Parse(b, System.Globalization.CultureInfo.InvariantCulture) : 1);
            return;
        }

        if (args is ["--profile-gemm", .. var gemmArgs])
        {
            Profiling.GemmProfile.Run(gemmArgs is [var p, ..] ? double.Parse(p, System.Globalization.CultureInfo.InvariantCulture) : 224);
            return;
        }

        if (args is ["--profile-gemm-direct"])
        {
            Profiling.GemmDirectAProfile.Run();
            return;
        }

        if (args is ["--profile-bandwidth", .. var bandwidthArgs])
        {
            Profiling.BandwidthProfile.Run(bandwidthArgs is [var r, ..] ? int.Parse(r, System.Globalization.CultureInfo.InvariantCulture) : 15);
            return;
        }

        if (args is ["--profile-scalar-gradient", .. var scalarArgs])
        {
            Profiling.ScalarGradientProfile.Run(scalarArgs is [var r, ..] ? int.Parse(r, System.Globalization.CultureInfo.InvariantCulture) : 21);
            return;
        }

        HandTorchSharpNativeFixToChildBuilds();
        // The child build copies libtorch (~0.5 GB) twice; on a busy 2-core machine that outlasts the default 2 minutes.
        IConfig config = ManualConfig.Create(DefaultConfig.Instance).WithBuildTimeout(TimeSpan.FromMinutes(15));
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);
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
