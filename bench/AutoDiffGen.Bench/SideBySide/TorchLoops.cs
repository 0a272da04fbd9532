using System.Diagnostics;
using TorchSharp;
using static TorchSharp.torch;
using TorchTensor = TorchSharp.torch.Tensor;

namespace AutoDiffGen.Bench.SideBySide;

/// <summary>
/// libtorch's side of the side-by-side harness (TorchSharp): the same loops as <see cref="OursLoops"/>, as a TorchSharp
/// user writes them. Nothing here names an AutoDiffGen type, so this child process never loads our library.
/// </summary>
internal static class TorchLoops
{
    /// <summary>Trains and evaluates as <paramref name="loop"/> says, reporting each timing through <paramref name="report"/>.</summary>
    public static void Run(string loop, Action<string, double> report)
    {
        var clock = Stopwatch.StartNew();
        torch.set_num_threads(Program.TorchThreads);
        torch.manual_seed(1);
        var (trainX, trainY) = Load("train");
        var (testX, testY) = Load("t10k");
        report("load", clock.Elapsed.TotalSeconds);

        var model = nn.Sequential(
            ("fc1", nn.Linear(784, 256)), ("relu1", nn.ReLU()),
            ("fc2", nn.Linear(256, 128)), ("relu2", nn.ReLU()),
            ("fc3", nn.Linear(128, 10)));
        var optimizer = optim.SGD(model.parameters(), Workload.Mlp.LearningRate, momentum: Workload.Mlp.Momentum);

        if (loop == "readme")
        {
            ReadmeLoop(trainX, trainY, model, optimizer, report);
        }
        else
        {
            PyTorchLoop(trainX, trainY, model, optimizer, report);
        }

        Infer(testX, testY, model, report);
    }

    // torchvision's ToTensor then Normalize((0.1307,), (0.3081,)), flattened.
    private static (TorchTensor X, TorchTensor Y) Load(string prefix)
    {
        var (pixels, dims) = IdxBytes.Read($"{prefix}-images-idx3-ubyte");
        var (labels, _) = IdxBytes.Read($"{prefix}-labels-idx1-ubyte");
        var x = torch.tensor(pixels, dtype: ScalarType.Byte).reshape(dims[0], dims[1] * dims[2]).to(ScalarType.Float32).div_(255).sub_(0.1307).div_(0.3081);
        var y = torch.tensor(labels, dtype: ScalarType.Byte).to(ScalarType.Int64);
        return (x, y);
    }

    /// <summary>The PyTorch-style loop one step per call, over its own model (see <c>OursLoops.PyTorchStepper</c>).</summary>
    public static Action PyTorchStepper()
    {
        torch.set_num_threads(Program.TorchThreads);
        torch.manual_seed(1);
        var (images, labels) = Load("train");
        var model = nn.Sequential(
            ("fc1", nn.Linear(784, 256)), ("relu1", nn.ReLU()),
            ("fc2", nn.Linear(256, 128)), ("relu2", nn.ReLU()),
            ("fc3", nn.Linear(128, 10)));
        var optimizer = optim.SGD(model.parameters(), Workload.Mlp.LearningRate, momentum: Workload.Mlp.Momentum);
        model.train();
        var n = images.shape[0];
        var perm = torch.randperm(n);
        long start = 0;
        return () =>
        {
            using (torch.NewDisposeScope())
            {
                var index = perm.narrow(0, start, Math.Min(Workload.Mlp.BatchSize, n - start));
                optimizer.zero_grad();
                var loss = nn.functional.cross_entropy(model.call(images.index_select(0, index)), labels.index_select(0, index));
                loss.backward();
                optimizer.step();
            }

            start += Workload.Mlp.BatchSize;
            if (start >= n)
            {
                perm.Dispose();
                (perm, start) = (torch.randperm(n), 0);
            }
        };
    }

    private static void PyTorchLoop(TorchTensor images, TorchTensor labels, nn.Module<TorchTensor, TorchTensor> model, optim.Optimizer optimizer, Action<string, double> report)
    {
        var n = images.shape[0];
        void Epoch(int steps)
        {
            using var perm = torch.randperm(n);
            for (long start = 0, step = 0; start < n && step < steps; start += Workload.Mlp.BatchSize, step++)
            {
                using var scope = torch.NewDisposeScope();
                var index = perm.narrow(0, start, Math.Min(Workload.Mlp.BatchSize, n - start));
                var x = images.index_select(0, index);
                var y = labels.index_select(0, index);
                optimizer.zero_grad();
                var loss = nn.functional.cross_entropy(model.call(x), y);
                loss.backward();
                optimizer.step();
            }
        }

        model.train();
        Epoch(Workload.Mlp.WarmupSteps);
        for (var e = 1; e <= Workload.Mlp.Epochs; e++)
        {
            var jit = JitSeconds(e, report);
            var clock = Stopwatch.StartNew();
            Epoch(int.MaxValue);
            report($"epoch{e}", clock.Elapsed.TotalSeconds);
            report($"jit-epoch{e}", System.Runtime.JitInfo.GetCompilationTime().TotalSeconds - jit);
        }
    }

    // The README loop in TorchSharp: its DataLoader over a dataset of the tensors, shuffled, a dispose scope per step.
    private static void ReadmeLoop(TorchTensor images, TorchTensor labels, nn.Module<TorchTensor, TorchTensor> model, optim.Optimizer optimizer, Action<string, double> report)
    {
        using var dataset = new TensorPairDataset(images, labels);
        using var loader = torch.utils.data.DataLoader(dataset, Workload.Mlp.BatchSize, shuffle: true, seed: 2);
        var sink = 0f;
        for (var e = 1; e <= Workload.Mlp.Epochs; e++)
        {
            model.train();
            var jit = JitSeconds(e, report);
            var clock = Stopwatch.StartNew();
            foreach (var batch in loader)
            {
                using (torch.NewDisposeScope())
                {
                    var loss = nn.functional.cross_entropy(model.call(batch["data"]), batch["label"]);
                    optimizer.zero_grad();
                    loss.backward();
                    sink += loss.item<float>();
                }

                optimizer.step();
                foreach (var t in batch.Values)
                {
                    t.Dispose();
                }
            }

            report($"epoch{e}", clock.Elapsed.TotalSeconds);
            report($"jit-epoch{e}", System.Runtime.JitInfo.GetCompilationTime().TotalSeconds - jit);
        }

        GC.KeepAlive(sink);
    }

    private static void Infer(TorchTensor images, TorchTensor labels, nn.Module<TorchTensor, TorchTensor> model, Action<string, double> report)
    {
        model.eval();
        using var noGrad = torch.no_grad();
        var times = new List<double>();
        TorchTensor? logits = null;
        for (var i = 0; i < 6; i++)
        {
            using var scope = torch.NewDisposeScope();
            var clock = Stopwatch.StartNew();
            var output = model.call(images);
            times.Add(clock.Elapsed.TotalSeconds);
            if (i == 0)
            {
                logits = output.MoveToOuterDisposeScope();
            }
        }

        report("infer-first", times[0]);
        report("infer", times.Skip(1).Order().ElementAt(2));
        report("accuracy", logits!.argmax(1).eq(labels).to(ScalarType.Float64).mean().item<double>());
    }

    /// <summary>Samples of two tensors, as a TorchSharp user wraps in-memory data for its DataLoader.</summary>
    private sealed class TensorPairDataset(TorchTensor data, TorchTensor label) : torch.utils.data.Dataset
    {
        public override long Count => data.shape[0];

        public override Dictionary<string, TorchTensor> GetTensor(long index)
            => new() { ["data"] = data[index], ["label"] = label[index] };
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
