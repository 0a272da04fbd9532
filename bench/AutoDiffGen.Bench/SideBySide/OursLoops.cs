using System.Diagnostics;
using AutoDiffGen.Data;
using AutoDiffGen.Nn;
using AutoDiffGen.Optim;

namespace AutoDiffGen.Bench.SideBySide;

/// <summary>
/// AutoDiffGen's side of the side-by-side harness. Nothing here names a TorchSharp type, so a child process that runs
/// only this class never loads TorchSharp or libtorch (the harness checks).
/// </summary>
internal static class OursLoops
{
    private static JitLog? Log;

    /// <summary>Trains and evaluates as <paramref name="loop"/> says, reporting each timing through <paramref name="report"/>.</summary>
    public static void Run(string loop, Action<string, double> report)
    {
        using var jitLog = Environment.GetEnvironmentVariable("ADG_BENCH_JIT_LOG") == "1" ? new JitLog() : null;
        Log = jitLog;
        var clock = Stopwatch.StartNew();
        var train = new Mnist(train: true, flatten: true, normalize: true);
        var test = new Mnist(train: false, flatten: true, normalize: true);
        report("load", clock.Elapsed.TotalSeconds);

        // samples/MnistMlp's model, initialisation seed and optimizer.
        var init = new Generator(1);
        var model = new Sequential(
            new Linear(784, 256, generator: init), new ReLU(),
            new Linear(256, 128, generator: init), new ReLU(),
            new Linear(128, 10, generator: init));
        var criterion = new CrossEntropyLoss();
        var optimizer = new SGD(model.Parameters(), lr: Workload.Mlp.LearningRate, momentum: Workload.Mlp.Momentum);
        var shuffle = new Generator(2);

        if (loop == "readme")
        {
            ReadmeLoop(train, model, criterion, optimizer, shuffle, report);
        }
        else
        {
            PyTorchLoop(train.Images, train.Labels, model, criterion, optimizer, shuffle, setToNone: loop == "pytorch", report);
        }

        Infer(test, model, report);
    }

    /// <summary>
    /// The PyTorch-style loop one step per call, over its own model (for the shared-process check, which interleaves
    /// both libraries' steps in one process as the earlier same-process profiles did).
    /// </summary>
    public static Action PyTorchStepper()
    {
        var train = new Mnist(train: true, flatten: true, normalize: true);
        var init = new Generator(1);
        var model = new Sequential(
            new Linear(784, 256, generator: init), new ReLU(),
            new Linear(256, 128, generator: init), new ReLU(),
            new Linear(128, 10, generator: init));
        var criterion = new CrossEntropyLoss();
        var optimizer = new SGD(model.Parameters(), lr: Workload.Mlp.LearningRate, momentum: Workload.Mlp.Momentum);
        var shuffle = new Generator(2);
        var n = train.Images.Size(0);
        var perm = Tensor.Randperm(n, shuffle);
        var start = 0;
        return () =>
        {
            using (TensorScope.Begin())
            {
                var index = perm.Narrow(0, start, Math.Min(Workload.Mlp.BatchSize, n - start));
                optimizer.ZeroGrad();
                var loss = criterion.Call(model.Call(train.Images.IndexSelect(0, index)), train.Labels.IndexSelect(0, index));
                loss.Backward();
                optimizer.Step();
            }

            start += Workload.Mlp.BatchSize;
            if (start >= n)
            {
                (perm, start) = (Tensor.Randperm(n, shuffle), 0);
            }
        };
    }

    // The loop a PyTorch user writes: a permutation per epoch, each batch gathered from the full tensors.
    private static void PyTorchLoop(Tensor images, Tensor labels, Module model, CrossEntropyLoss criterion, Optimizer optimizer, Generator shuffle, bool setToNone, Action<string, double> report)
    {
        var n = images.Size(0);
        void Epoch(int steps)
        {
            var perm = Tensor.Randperm(n, shuffle);
            for (int start = 0, step = 0; start < n && step < steps; start += Workload.Mlp.BatchSize, step++)
            {
                using var scope = TensorScope.Begin();
                var index = perm.Narrow(0, start, Math.Min(Workload.Mlp.BatchSize, n - start));
                var x = images.IndexSelect(0, index);
                var y = labels.IndexSelect(0, index);
                optimizer.ZeroGrad(setToNone);
                var loss = criterion.Call(model.Call(x), y);
                loss.Backward();
                optimizer.Step();
            }
        }

        model.Train();
        if (Log is not null)
        {
            Log.Recording = true;
        }

        Epoch(Workload.Mlp.WarmupSteps);
        Log?.Dump("the warm-up steps");
        for (var e = 1; e <= Workload.Mlp.Epochs; e++)
        {
            var jit = JitSeconds(e, report);
            var clock = Stopwatch.StartNew();
            Epoch(int.MaxValue);
            report($"epoch{e}", clock.Elapsed.TotalSeconds);
            Log?.Dump($"epoch {e}");
            report($"jit-epoch{e}", System.Runtime.JitInfo.GetCompilationTime().TotalSeconds - jit);
        }
    }

    // samples/MnistMlp's loop, without its progress bar, scheduler and checkpoints: a shuffling DataLoader, a scope per step.
    private static void ReadmeLoop(Mnist train, Module model, CrossEntropyLoss criterion, Optimizer optimizer, Generator shuffle, Action<string, double> report)
    {
        var loader = new DataLoader(train, Workload.Mlp.BatchSize, shuffle: true, generator: shuffle);
        var sink = 0f;
        for (var e = 1; e <= Workload.Mlp.Epochs; e++)
        {
            model.Train();
            var jit = JitSeconds(e, report);
            var clock = Stopwatch.StartNew();
            foreach (var batch in loader)
            {
                using (TensorScope.Begin())
                {
                    var loss = criterion.Call(model.Call(batch[0]), batch[1]);
                    optimizer.ZeroGrad();
                    loss.Backward();
                    sink += loss.Item<float>();
                }

                optimizer.Step();
            }

            report($"epoch{e}", clock.Elapsed.TotalSeconds);
            report($"jit-epoch{e}", System.Runtime.JitInfo.GetCompilationTime().TotalSeconds - jit);
        }

        GC.KeepAlive(sink);
    }

    // The 10,000 test images in one batch: the first call, then the median of five, and the accuracy as a sanity check.
    private static void Infer(Mnist test, Module model, Action<string, double> report)
    {
        model.Eval();
        using var noGrad = Autograd.NoGrad();
        var times = new List<double>();
        Tensor? logits = null;
        for (var i = 0; i < 6; i++)
        {
            using var scope = TensorScope.Begin();
            var clock = Stopwatch.StartNew();
            var output = model.Call(test.Images);
            times.Add(clock.Elapsed.TotalSeconds);
            if (i == 0)
            {
                logits = scope.Keep(output);
            }
        }

        report("infer-first", times[0]);
        report("infer", times.Skip(1).Order().ElementAt(2));
        report("accuracy", Accuracy(logits!.ToArray<float>(), test.Labels.ToArray<long>()));
    }

    private static double Accuracy(float[] scores, long[] labels)
    {
        var correct = 0;
        var classes = scores.Length / labels.Length;
        for (var row = 0; row < labels.Length; row++)
        {
            var best = 0;
            for (var c = 1; c < classes; c++)
            {
                best = scores[row * classes + c] > scores[row * classes + best] ? c : best;
            }

            correct += best == labels[row] ? 1 : 0;
        }

        return (double)correct / labels.Length;
    }

    // The JIT's compile time so far, on all threads; before epoch 1 it is also reported (start-up, loading, warm-up).
    private static double JitSeconds(int epoch, Action<string, double> report)
    {
        var seconds = System.Runtime.JitInfo.GetCompilationTime().TotalSeconds;
        if (epoch == 1)
        {
            report("jit-warmup", seconds);
        }

        return seconds;
    }
}
