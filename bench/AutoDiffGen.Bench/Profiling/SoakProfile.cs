using System.Diagnostics;
using System.Globalization;
using AutoDiffGen.Data;
using AutoDiffGen.Nn;
using AutoDiffGen.Optim;

namespace AutoDiffGen.Bench.Profiling;

/// <summary>
/// A soak run: <c>steps</c> training steps of the README's MNIST MLP (784-256-128-10, batch 128, SGD momentum 0.9, cosine
/// LR per step, a shuffling DataLoader, one TensorScope per step), epoch after epoch. After each tenth of the run it prints
/// the managed heap (after a full collection, so only live objects count), the process's resident set and the mean time
/// per step over that tenth, so growth from the first tenth to the last shows as a leak or a slowdown. Run with
/// <c>-- --soak [steps] [mnist folder]</c> (default 200 000 steps, the default MNIST folder).
/// </summary>
public static class SoakProfile
{
    private const int BatchSize = 128;

    /// <summary>Runs the soak and prints one row per tenth of the run.</summary>
    public static void Run(int steps, string? folder)
    {
        var train = new Mnist(folder ?? Mnist.DefaultFolder, train: true, flatten: true, normalize: true);
        var init = new Generator(1);
        var model = new Sequential(
            new Linear(784, 256, generator: init), new ReLU(),
            new Linear(256, 128, generator: init), new ReLU(),
            new Linear(128, 10, generator: init));
        var criterion = new CrossEntropyLoss();
        var optimizer = new SGD(model.Parameters(), lr: 0.1, momentum: 0.9);
        var scheduler = new CosineAnnealingLR(optimizer, tMax: steps);
        var loader = new DataLoader(train, BatchSize, shuffle: true, generator: new Generator(2));

        Console.WriteLine($"Soak: {steps:N0} MNIST MLP steps, batch {BatchSize}; CPU {Cpu()}; load before: {Load()}");
        Console.WriteLine("tenth      steps  us/step   managed MB   RSS MB   last loss");
        var window = Math.Max(1, steps / 10);
        var clock = Stopwatch.StartNew();
        var step = 0;
        var lastLoss = float.NaN;
        while (step < steps)
        {
            foreach (var batch in loader)
            {
                using (TensorScope.Begin())
                {
                    var loss = criterion.Call(model.Call(batch[0]), batch[1]);
                    optimizer.ZeroGrad();
                    loss.Backward();
                    lastLoss = loss.Item<float>();
                }

                optimizer.Step();
                scheduler.Step();
                step++;
                if (step % window == 0 || step == steps)
                {
                    var perStep = clock.Elapsed.TotalMicroseconds / (step % window == 0 ? window : step % window);
                    var managed = GC.GetTotalMemory(forceFullCollection: true) / 1e6;
                    using var process = Process.GetCurrentProcess();
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{(step + window - 1) / window,5} {step,10} {perStep,8:F0} {managed,12:F1} {process.WorkingSet64 / 1e6,8:F1} {lastLoss,11:F4}"));
                    clock.Restart();
                }

                if (step == steps)
                {
                    break;
                }
            }
        }

        Console.WriteLine($"load after: {Load()}");
    }

    /// <summary>The CPU's name, family and model, from /proc/cpuinfo.</summary>
    private static string Cpu()
    {
        try
        {
            var lines = File.ReadLines("/proc/cpuinfo").TakeWhile(l => l.Length > 0).ToList();
            string Field(string name) => lines.FirstOrDefault(l => l.StartsWith(name, StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "?";
            return $"{Field("model name")} (family {Field("cpu family")} model {Field("model\t")}), {Environment.ProcessorCount} cores";
        }
        catch (IOException)
        {
            return "unknown";
        }
    }

    private static string Load()
    {
        try
        {
            return File.ReadAllText("/proc/loadavg").Trim();
        }
        catch (IOException)
        {
            return "unknown";
        }
    }
}
