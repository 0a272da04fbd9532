using System.Diagnostics;
using System.Globalization;
using AutoDiffGen.Nn;
using AutoDiffGen.Optim;
using TorchSharp;
using AdgTensor = AutoDiffGen.Tensor;

namespace AutoDiffGen.Bench.Profiling;

/// <summary>
/// A quick Stopwatch profile of one MNIST MLP training step (784-256-128-10, batch 128, SGD momentum), phase by phase,
/// with libtorch's whole step timed in the same rounds (interleaved, so machine load hits both alike). Not a
/// BenchmarkDotNet suite: it answers "where does a step go" in seconds, after thousands of warm-up steps so the JIT has
/// reached its optimised tier. Run with <c>-- --profile-mlp [threads] [batches]</c> (default 2 threads, 1 batch reused;
/// 469 distinct batches in turn is an epoch's memory traffic, each batch's input coming from memory rather than cache).
/// </summary>
public static class MlpStepProfile
{
    private const int BatchSize = 128;
    private static readonly int[] Sizes = [784, 256, 128, 10];

    /// <summary>Runs the profile with both libraries on <paramref name="threads"/> threads and prints a median per phase (microseconds).</summary>
    public static void Run(int threads, int batches = 1, int warmupSteps = 3000, int rounds = 7, int stepsPerRound = 400)
    {
        torch.set_num_threads(threads);
        AutoDiffGen.Kernels.Parallelism.MaxThreads = threads;
        var generator = new Generator(7);
        var xs = new AdgTensor[batches];
        var ys = new AdgTensor[batches];
        var txs = new torch.Tensor[batches];
        var tys = new torch.Tensor[batches];
        for (var b = 0; b < batches; b++)
        {
            xs[b] = AdgTensor.Rand(new Shape(BatchSize, 784), DType.Float32, generator);
            ys[b] = AdgTensor.Randint(0, 10, new Shape(BatchSize), DType.Int64, generator);
            txs[b] = torch.tensor(xs[b].ToArray<float>()).reshape(BatchSize, 784);
            tys[b] = torch.tensor(ys[b].ToArray<long>());
        }

        var (x, y) = (xs[0], ys[0]);
        var ourNext = 0;
        var torchNext = 0;

        var layers = new List<Module>();
        var torchLayers = new List<(string, torch.nn.Module<torch.Tensor, torch.Tensor>)>();
        for (var i = 0; i < Sizes.Length - 1; i++)
        {
            layers.Add(new Linear(Sizes[i], Sizes[i + 1], generator: generator));
            torchLayers.Add(($"fc{i + 1}", torch.nn.Linear(Sizes[i], Sizes[i + 1])));
            if (i < Sizes.Length - 2)
            {
                layers.Add(new ReLU());
                torchLayers.Add(($"relu{i + 1}", torch.nn.ReLU()));
            }
        }

        var model = new Sequential([.. layers]);
        var optimizer = new SGD(model.Parameters(), lr: 0.01, momentum: 0.9);
        var lossFn = new CrossEntropyLoss();
        var torchModel = torch.nn.Sequential(torchLayers);
        var torchOptimizer = torch.optim.SGD(torchModel.parameters(), 0.01, momentum: 0.9);

        string[] names = ["forward", "loss", "zero_grad", "backward", "optimizer", "item", "scope end", "whole step", "libtorch step"];
        var samples = names.Select(_ => new List<double>()).ToArray();
        var phase = new long[names.Length];

        void OurStep(bool record)
        {
            (x, y) = (xs[ourNext], ys[ourNext]);
            ourNext = (ourNext + 1) % batches;
            var t0 = Stopwatch.GetTimestamp();
            long t1, t2, t3, t4, t5, t6;
            using (var scope = TensorScope.Begin())
            {
                var logits = model.Call(x);
                t1 = Stopwatch.GetTimestamp();
                var loss = lossFn.Call(logits, y);
                t2 = Stopwatch.GetTimestamp();
                optimizer.ZeroGrad(setToNone: false);
                t3 = Stopwatch.GetTimestamp();
                loss.Backward();
                t4 = Stopwatch.GetTimestamp();
                optimizer.Step();
                t5 = Stopwatch.GetTimestamp();
                _ = loss.Item<float>();
                t6 = Stopwatch.GetTimestamp();
            }

            var t7 = Stopwatch.GetTimestamp();
            if (record)
            {
                phase[0] += t1 - t0;
                phase[1] += t2 - t1;
                phase[2] += t3 - t2;
                phase[3] += t4 - t3;
                phase[4] += t5 - t4;
                phase[5] += t6 - t5;
                phase[6] += t7 - t6;
                phase[7] += t7 - t0;
            }
        }

        void TorchStep()
        {
            using var scope = torch.NewDisposeScope();
            var (tx, ty) = (txs[torchNext], tys[torchNext]);
            torchNext = (torchNext + 1) % batches;
            var loss = torch.nn.functional.cross_entropy(torchModel.call(tx), ty);
            torchOptimizer.zero_grad();
            loss.backward();
            torchOptimizer.step();
            _ = loss.item<float>();
        }

        for (var i = 0; i < warmupSteps; i++)
        {
            OurStep(record: false);
            if (i % 4 == 0)
            {
                TorchStep();
            }
        }

        for (var r = 0; r < rounds; r++)
        {
            Array.Clear(phase);
            for (var i = 0; i < stepsPerRound; i++)
            {
                OurStep(record: true);
            }

            var t0 = Stopwatch.GetTimestamp();
            for (var i = 0; i < stepsPerRound; i++)
            {
                TorchStep();
            }

            phase[8] = Stopwatch.GetTimestamp() - t0;
            for (var p = 0; p < names.Length; p++)
            {
                samples[p].Add(phase[p] * 1e6 / Stopwatch.Frequency / stepsPerRound);
            }
        }

        Console.WriteLine($"MNIST MLP step profile, {threads} thread(s), {batches} batch(es) in turn: medians of {rounds} rounds of {stepsPerRound} steps, microseconds per step");
        for (var p = 0; p < names.Length; p++)
        {
            Print(names[p], samples[p]);
        }

        // The step's pieces one at a time, at the step's shapes, recorded on the tape as in training.
        var fc1 = (Linear)layers[0];
        var h = AdgTensor.Rand(new Shape(BatchSize, 256), DType.Float32, generator);
        var dz = AdgTensor.Rand(new Shape(BatchSize, 256), DType.Float32, generator);
        var logits10 = AdgTensor.Rand(new Shape(BatchSize, 10), DType.Float32, generator).RequiresGrad_();
        (string Name, Action Body)[] pieces =
        [
            ("fc1 X*W1t", () => AdgTensor.MatMul(x, fc1.Weight.T)),
            ("fc1 linear", () => fc1.Call(x)),
            ("dW1 dZt*X", () => AdgTensor.MatMul(dz.T, x)),
            ("bias add 128x256", () => _ = h + fc1.Bias!),
            ("relu 128x256", () => AdgTensor.Relu(h)),
            ("colsum 128x256", () => dz.Sum(0)),
            ("cross entropy fwd", () => lossFn.Call(logits10, y)),
            ("cross entropy f+b", () => lossFn.Call(logits10, y).Backward()),
        ];
        Console.WriteLine("Pieces (median of rounds, microseconds per call)");
        foreach (var (name, body) in pieces)
        {
            var times = new List<double>();
            for (var r = 0; r < rounds + 1; r++)
            {
                var t0 = Stopwatch.GetTimestamp();
                for (var i = 0; i < stepsPerRound; i++)
                {
                    using var scope = TensorScope.Begin();
                    body();
                }

                if (r > 0)
                {
                    times.Add((Stopwatch.GetTimestamp() - t0) * 1e6 / Stopwatch.Frequency / stepsPerRound);
                }
            }

            Print(name, times);
        }
    }

    private static void Print(string name, List<double> samples)
    {
        var sorted = samples.Order().ToArray();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {name,-20} {sorted[sorted.Length / 2],9:F1}   (min {sorted[0]:F1})"));
    }
}
