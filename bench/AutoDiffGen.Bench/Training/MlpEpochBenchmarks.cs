using AutoDiffGen.Nn;
using AutoDiffGen.Optim;
using BenchmarkDotNet.Attributes;
using TorchSharp;
using AdgTensor = AutoDiffGen.Tensor;

namespace AutoDiffGen.Bench.Training;

/// <summary>
/// One MNIST-sized training epoch of the README's MLP (784-256-128-10, ReLU, cross-entropy, SGD momentum 0.9, lr 0.1,
/// batch 128: 468 full batches and one of 96) in both libraries, from the same initial weights and the same in-memory
/// batches, so the figure is the training step itself, not data loading.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 7, invocationCount: 1)]
public class MlpEpochBenchmarks
{
    private const int Samples = 60_000;
    private const int BatchSize = 128;
    private static readonly int[] Sizes = [784, 256, 128, 10];

    private readonly List<(AdgTensor X, AdgTensor Y)> _ourBatches = [];
    private readonly List<(torch.Tensor X, torch.Tensor Y)> _torchBatches = [];
    private Sequential _ourModel = null!;
    private SGD _ourOptimizer = null!;
    private CrossEntropyLoss _ourLoss = null!;
    private torch.nn.Module<torch.Tensor, torch.Tensor> _torchModel = null!;
    private torch.optim.Optimizer _torchOptimizer = null!;

    [GlobalSetup]
    public void Setup()
    {
        torch.set_num_threads(2);
        var generator = new Generator(7);
        for (var start = 0; start < Samples; start += BatchSize)
        {
            var n = Math.Min(BatchSize, Samples - start);
            var x = AdgTensor.Rand(new Shape(n, 784), DType.Float32, generator);
            var y = AdgTensor.Randint(0, 10, new Shape(n), DType.Int64, generator);
            _ourBatches.Add((x, y));
            _torchBatches.Add((torch.tensor(x.ToArray<float>()).reshape(n, 784), torch.tensor(y.ToArray<long>())));
        }

        var layers = new List<Module>();
        var torchLayers = new List<(string, torch.nn.Module<torch.Tensor, torch.Tensor>)>();
        for (var i = 0; i < Sizes.Length - 1; i++)
        {
            var ours = new Linear(Sizes[i], Sizes[i + 1], generator: generator);
            var theirs = torch.nn.Linear(Sizes[i], Sizes[i + 1]);
            using (torch.no_grad())
            {
                theirs.weight!.copy_(torch.tensor(ours.Weight.ToArray<float>()).reshape(Sizes[i + 1], Sizes[i]));
                theirs.bias!.copy_(torch.tensor(ours.Bias!.ToArray<float>()));
            }

            layers.Add(ours);
            torchLayers.Add(($"fc{i + 1}", theirs));
            if (i < Sizes.Length - 2)
            {
                layers.Add(new ReLU());
                torchLayers.Add(($"relu{i + 1}", torch.nn.ReLU()));
            }
        }

        _ourModel = new Sequential([.. layers]);
        _ourOptimizer = new SGD(_ourModel.Parameters(), lr: 0.1, momentum: 0.9);
        _ourLoss = new CrossEntropyLoss();
        _torchModel = torch.nn.Sequential(torchLayers);
        _torchOptimizer = torch.optim.SGD(_torchModel.parameters(), 0.1, momentum: 0.9);
    }

    [Benchmark(Description = "AutoDiffGen: MLP epoch")]
    public float OursEpoch()
    {
        var last = 0f;
        foreach (var (x, y) in _ourBatches)
        {
            using var scope = TensorScope.Begin();
            var loss = _ourLoss.Call(_ourModel.Call(x), y);
            _ourOptimizer.ZeroGrad(setToNone: false);
            loss.Backward();
            _ourOptimizer.Step();
            last = loss.Item<float>();
        }

        return last;
    }

    [Benchmark(Description = "libtorch: MLP epoch")]
    public float TorchEpoch()
    {
        var last = 0f;
        foreach (var (x, y) in _torchBatches)
        {
            using var scope = torch.NewDisposeScope();
            var loss = torch.nn.functional.cross_entropy(_torchModel.call(x), y);
            _torchOptimizer.zero_grad();
            loss.backward();
            _torchOptimizer.step();
            last = loss.item<float>();
        }

        return last;
    }
}
