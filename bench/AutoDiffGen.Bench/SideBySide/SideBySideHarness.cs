using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using AutoDiffGen.Bench.Machine;

namespace AutoDiffGen.Bench.SideBySide;

/// <summary>
/// Runs the MNIST MLP as users write it in each library, each library in its own process: a child process per library,
/// loop and round (<c>--side-by-side-child</c>), so neither library's worker threads share a process with the other's.
/// Rounds alternate the order of the children, so the machine's drift hits both alike. Prints median [min–max] per
/// epoch (epoch 1 on its own: it includes the JIT's warm-up), the test-set inference, and each epoch against the
/// GEMM-bound limit (the epoch's GEMM work at the measured FMA peak).
/// </summary>
public static class SideBySideHarness
{
    private static readonly string[] Metrics =
        ["epoch1", "epoch2", "epoch3", "infer-first", "infer", "accuracy", "load", "jit-warmup", "jit-epoch1", "jit-epoch2", "jit-epoch3"];

    /// <summary>
    /// Runs <paramref name="rounds"/> rounds of both loops in both libraries; with <paramref name="busy"/>, also the
    /// PyTorch-style loop of each library beside a busy process; with <paramref name="jit"/>, also ours with tiered
    /// compilation off and with tiered PGO off (what the JIT's tiers cost the first epoch); with
    /// <paramref name="pytorchLoopOnly"/>, without the README loop (TorchSharp's DataLoader stacks sample by sample and
    /// takes minutes on a loaded machine); with <paramref name="shared"/>, also both libraries in one process, their
    /// steps interleaved (what the earlier same-process figures measured).
    /// </summary>
    public static int Run(int rounds, bool busy, bool jit, bool pytorchLoopOnly, bool shared)
    {
        var started = DateTime.UtcNow;
        Console.WriteLine($"Side by side, each library in its own process: {rounds} rounds, {started:yyyy-MM-dd HH:mm} UTC");
        Console.WriteLine($"CPU: {CpuInfo.This}");
        Console.WriteLine($"load average at start: {CpuInfo.LoadAverage()}");
        var peak = FmaPeak.This;
        foreach (var line in peak.Describe())
        {
            Console.WriteLine(line);
        }

        var limit = Workload.Mlp.GemmFlopsPerEpoch / (peak.ForThreads(2) * 1e9);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"GEMM-bound limit of one epoch: {Workload.Mlp.GemmFlopsPerEpoch / 1e9:F1} GFLOP / {peak.ForThreads(2):F1} GFLOP/s (2 cores at the measured per-core peak) = {limit:F3} s"));

        List<Workload> workloads =
        [
            new("ours", "pytorch", false), new("libtorch", "pytorch", false), new("ours", "pytorch-keep", false),
        ];
        if (!pytorchLoopOnly)
        {
            workloads.AddRange([new("ours", "readme", false), new("libtorch", "readme", false)]);
        }

        if (shared)
        {
            workloads.AddRange([new("ours", "pytorch-shared", false), new("libtorch", "pytorch-shared", false)]);
        }

        if (jit)
        {
            workloads.AddRange([new("ours", "pytorch", false, "DOTNET_TieredCompilation=0"), new("ours", "pytorch", false, "DOTNET_TieredPGO=0")]);
        }

        if (busy)
        {
            workloads.AddRange([new("ours", "pytorch", true), new("libtorch", "pytorch", true)]);
        }

        var samples = workloads.ToDictionary(w => w, _ => Metrics.ToDictionary(m => m, _ => new List<double>()));
        for (var round = 1; round <= rounds; round++)
        {
            var order = round % 2 == 1 ? workloads : Enumerable.Reverse(workloads).ToList();
            foreach (var workload in order)
            {
                if (workload.Loop == "pytorch-shared" && workload.Library == "libtorch")
                {
                    continue; // filled by the ours row's child, which runs both
                }

                var results = RunChild(workload);
                if (workload.Loop == "pytorch-shared")
                {
                    var theirs = workloads.First(w => w.Loop == "pytorch-shared" && w.Library == "libtorch");
                    foreach (var (metric, value) in results.Where(r => r.Key.StartsWith("libtorch-", StringComparison.Ordinal)))
                    {
                        samples[theirs][metric["libtorch-".Length..]].Add(value);
                    }

                    results = results.Where(r => r.Key.StartsWith("ours-", StringComparison.Ordinal)).ToDictionary(r => r.Key["ours-".Length..], r => r.Value);
                }

                foreach (var (metric, value) in results)
                {
                    samples[workload][metric].Add(value);
                }

                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  round {round} {workload.Loop,-12} {workload.Label,-58} epochs {results.GetValueOrDefault("epoch1"):F3} {results.GetValueOrDefault("epoch2"):F3} {results.GetValueOrDefault("epoch3"):F3} s, inference {1000 * results.GetValueOrDefault("infer"):F1} ms, JIT {1000 * results.GetValueOrDefault("jit-warmup"):F0}/{1000 * results.GetValueOrDefault("jit-epoch1"):F0}/{1000 * results.GetValueOrDefault("jit-epoch2"):F0}/{1000 * results.GetValueOrDefault("jit-epoch3"):F0} ms (load {CpuInfo.LoadAverage()})"));
            }
        }

        Console.WriteLine();
        Console.WriteLine($"CPU: {CpuInfo.This}; load average at end: {CpuInfo.LoadAverage()}; {rounds} rounds from {started:HH:mm} to {DateTime.UtcNow:HH:mm} UTC");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"float32 FMA peak {peak.BestPerCore:F1} GFLOP/s per core, {peak.ForThreads(2):F1} for 2 cores; GEMM-bound epoch limit {limit:F3} s"));
        Console.WriteLine();
        Console.WriteLine("| loop | library | epoch 1 | epoch 2 | epoch 3 | epochs / limit | inference (10,000 images) | test accuracy | JIT time: warm-up / epoch 1 / 2 / 3 |");
        Console.WriteLine("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var w in workloads)
        {
            var s = samples[w];
            var loop = w.Loop switch
            {
                "readme" => "README (DataLoader, scope)",
                "pytorch-shared" => "PyTorch-style, both libraries in ONE process, steps interleaved",
                _ => "PyTorch-style (randperm, IndexSelect)",
            };
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {loop} | {w.Label} | {Range(s["epoch1"], 1, "s")} | {Range(s["epoch2"], 1, "s")} | {Range(s["epoch3"], 1, "s")} | {Median(s["epoch1"]) / limit:F2} / {Median(s["epoch2"]) / limit:F2} / {Median(s["epoch3"]) / limit:F2} | {Range(s["infer"], 1000, "ms")} (first {1000 * Median(s["infer-first"]):F1}) | {100 * Median(s["accuracy"]):F2}% | {1000 * Median(s["jit-warmup"]):F0} / {1000 * Median(s["jit-epoch1"]):F0} / {1000 * Median(s["jit-epoch2"]):F0} / {1000 * Median(s["jit-epoch3"]):F0} ms |"));
        }

        Console.WriteLine();
        foreach (var loop in workloads.Select(w => w.Loop).Distinct().Where(l => l != "pytorch-keep"))
        {
            foreach (var busyRow in new[] { false, true })
            {
                var ours = workloads.FirstOrDefault(w => w.Library == "ours" && w.Loop == loop && w.Busy == busyRow && w.Environment is null);
                var theirs = workloads.FirstOrDefault(w => w.Library == "libtorch" && w.Loop == loop && w.Busy == busyRow);
                if (ours is null || theirs is null)
                {
                    continue;
                }

                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"ours / libtorch, {loop} loop{(busyRow ? " beside a busy process" : "")}: epoch 1 {Ratio(samples[ours]["epoch1"], samples[theirs]["epoch1"])}, epoch 2 {Ratio(samples[ours]["epoch2"], samples[theirs]["epoch2"])}, epoch 3 {Ratio(samples[ours]["epoch3"], samples[theirs]["epoch3"])}, inference {Ratio(samples[ours]["infer"], samples[theirs]["infer"])}"));
            }
        }

        if (shared)
        {
            foreach (var library in new[] { "ours", "libtorch" })
            {
                var own = samples[workloads.First(w => w.Library == library && w.Loop == "pytorch" && !w.Busy && w.Environment is null)];
                var both = samples[workloads.First(w => w.Library == library && w.Loop == "pytorch-shared")];
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{library}: in one process with the other library / in its own process (median epoch 2-3): {Median([.. both["epoch2"], .. both["epoch3"]]) / Median([.. own["epoch2"], .. own["epoch3"]]):F2}"));
            }
        }

        if (busy)
        {
            foreach (var library in new[] { "ours", "libtorch" })
            {
                var quiet = samples[workloads.First(w => w.Library == library && w.Loop == "pytorch" && !w.Busy && w.Environment is null)];
                var loaded = samples[workloads.First(w => w.Library == library && w.Loop == "pytorch" && w.Busy)];
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{library}: slowdown beside a busy process (median epoch 2-3, busy / quiet): {Median([.. loaded["epoch2"], .. loaded["epoch3"]]) / Median([.. quiet["epoch2"], .. quiet["epoch3"]]):F2}"));
            }
        }

        return 0;
    }

    /// <summary>The child's side: runs one library's loop and prints <c>RESULT name value</c> lines, then what it loaded.</summary>
    public static int RunChild(string library, string loop)
    {
        void Report(string name, double value)
            => Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"RESULT {name} {value:R}"));

        if (library == "ours")
        {
            OursLoops.Run(loop, Report);
        }
        else if (library == "libtorch")
        {
            TorchLoops.Run(loop, Report);
        }
        else
        {
            Shared(Report);
        }

        // Proof of separation: which library's managed assembly and which native libtorch this process holds.
        var assemblies = AppDomain.CurrentDomain.GetAssemblies().Select(a => a.GetName().Name).ToHashSet();
        var maps = File.Exists("/proc/self/maps") ? File.ReadAllText("/proc/self/maps") : "";
        Console.WriteLine($"LOADED ours={assemblies.Contains("AutoDiffGen")} torchsharp={assemblies.Contains("TorchSharp")} libtorch={maps.Contains("libtorch", StringComparison.Ordinal)}");
        return 0;
    }

    // Both libraries in one process, one step of each in turn (as the earlier same-process profiles ran): each library's
    // time per epoch counts only its own steps, so the difference from its own-process figure is what sharing costs it.
    private static void Shared(Action<string, double> report)
    {
        var steps = (60_000 + Workload.Mlp.BatchSize - 1) / Workload.Mlp.BatchSize;
        var ours = OursLoops.PyTorchStepper();
        var theirs = TorchLoops.PyTorchStepper();
        for (var i = 0; i < Workload.Mlp.WarmupSteps; i++)
        {
            ours();
            theirs();
        }

        for (var e = 1; e <= Workload.Mlp.Epochs; e++)
        {
            long oursTicks = 0, theirTicks = 0;
            for (var i = 0; i < steps; i++)
            {
                var t0 = Stopwatch.GetTimestamp();
                ours();
                var t1 = Stopwatch.GetTimestamp();
                theirs();
                var t2 = Stopwatch.GetTimestamp();
                oursTicks += t1 - t0;
                theirTicks += t2 - t1;
            }

            report($"ours-epoch{e}", (double)oursTicks / Stopwatch.Frequency);
            report($"libtorch-epoch{e}", (double)theirTicks / Stopwatch.Frequency);
        }
    }

    /// <summary>A busy loop on one thread until killed: the "other program" of the contention measurement.</summary>
    public static int BusyLoop()
    {
        var x = 1.0;
        while (true)
        {
            x = x * 1.0000001 + 1e-9;
            if (x > 1e300)
            {
                x = 1.0;
            }
        }
    }

    private static Dictionary<string, double> RunChild(Workload workload)
    {
        Process? busy = workload.Busy ? Process.Start(Start("--busy-loop")) : null;
        try
        {
            var info = Start("--side-by-side-child", workload.Loop == "pytorch-shared" ? "shared" : workload.Library, workload.Loop);
            if (workload.Environment?.Split('=') is [var name, var value])
            {
                info.Environment[name] = value;
            }

            using var child = Process.Start(info) ?? throw new InvalidOperationException("side by side: could not start a child process.");
            var stderr = child.StandardError.ReadToEndAsync();
            var results = new Dictionary<string, double>();
            string? loaded = null;
            while (child.StandardOutput.ReadLine() is { } line)
            {
                if (line.StartsWith("RESULT ", StringComparison.Ordinal))
                {
                    var parts = line.Split(' ');
                    results[parts[1]] = double.Parse(parts[2], CultureInfo.InvariantCulture);
                }
                else if (line.StartsWith("LOADED ", StringComparison.Ordinal))
                {
                    loaded = line;
                }
            }

            child.WaitForExit();
            if (child.ExitCode != 0 || loaded is null)
            {
                throw new InvalidOperationException($"side by side: the {workload.Library} {workload.Loop} child failed (exit {child.ExitCode}):{Environment.NewLine}{stderr.Result}");
            }

            // Each process must hold its own library only.
            var expected = workload.Loop == "pytorch-shared" ? "LOADED ours=True torchsharp=True libtorch=True"
                : workload.Library == "ours" ? "LOADED ours=True torchsharp=False libtorch=False" : "LOADED ours=False torchsharp=True libtorch=True";
            if (loaded != expected)
            {
                throw new InvalidOperationException($"side by side: the {workload.Library} child reported '{loaded}', expected '{expected}'.");
            }

            return results;
        }
        finally
        {
            if (busy is not null)
            {
                busy.Kill();
                busy.WaitForExit();
                busy.Dispose();
            }
        }
    }

    // The same bench program, whether it runs as its app host or as `dotnet AutoDiffGen.Bench.dll`.
    private static ProcessStartInfo Start(params string[] args)
    {
        var host = Environment.ProcessPath ?? throw new InvalidOperationException("side by side: no process path.");
        var info = new ProcessStartInfo(host) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(host) == "dotnet")
        {
            info.ArgumentList.Add(Assembly.GetEntryAssembly()!.Location);
        }

        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        return info;
    }

    private static double Median(List<double> values)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }

        var sorted = values.Order().ToArray();
        return (sorted[(sorted.Length - 1) / 2] + sorted[sorted.Length / 2]) / 2;
    }

    private static string Range(List<double> values, double scale, string unit)
        => values.Count == 0 ? "–" : string.Create(CultureInfo.InvariantCulture, $"{scale * Median(values):F3} [{scale * values.Min():F3}–{scale * values.Max():F3}] {unit}");

    private static string Ratio(List<double> ours, List<double> theirs)
        => (Median(ours) / Median(theirs)).ToString("F2", CultureInfo.InvariantCulture);
}
