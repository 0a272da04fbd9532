using AutoDiffGen.Nn;
using AutoDiffGen.Optim;
using BenchmarkDotNet.Attributes;

namespace AutoDiffGen.Bench.Training;

/// <summary>
/// One MNIST-sized training epoch of the README's MLP (784-256-128-10, ReLU, cross-entropy, SGD momentum 0.9, lr 0.1,
/// batch 128: 468 full batches and one of 96) on in-memory random batches, so the figure is the training step itself,
/// not data loading. AutoDiffGen only: libtorch's twin is <see cref="TorchMlpEpochBenchmarks"/>, a class of its own so
/// that each benchmark process holds one library (BenchmarkDotNet runs every benchmark in its own process).
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 7, invocationCount: 1)]
public class MlpEpochBenchmarks
{
    private const int Samples = 60_000;
    private const int BatchSize = 128;
    private static readonly int[] Sizes = [784, 256, 128, 10];

    private readonly List<(Tensor X, Tensor Y)> _batches = [];
    private Sequential _model = null!;
    private SGD _optimizer = null!;
    private CrossEntropyLoss _loss = null!;

    [GlobalSetup]
    public void Setup()
    {
        var generator = new Generator(7);
        for (var start = 0; start < Samples; start += BatchSize)
        {
            var n = Math.Min(BatchSize, Samples - start);
            _batches.Add((Tensor.Rand(new Shape(n, 784), DType.Float32, generator), Tensor.Randint(0, 10, new Shape(n), DType.Int64, generator)));
        }

        var layers = new List<Module>();
        for (var i = 0; i < Sizes.Length - 1; i++)
        {
            layers.Add(new Linear(Sizes[i], Sizes[i + 1], generator: generator));
            if (i < Sizes.Length - 2)
            {
                layers.Add(new ReLU());
            }
        }

        _model = new Sequential([.. layers]);
        _optimizer = new SGD(_model.Parameters(), lr: 0.1, momentum: 0.9);
        _loss = new CrossEntropyLoss();
    }

    [Benchmark(Description = "AutoDiffGen: MLP epoch")]
    public float OursEpoch()
    {
        var last = 0f;
        foreach (var (x, y) in _batches)
        {
            using var scope = TensorScope.Begin();
            var loss = _loss.Call(_model.Call(x), y);
            _optimizer.ZeroGrad();
            loss.Backward();
            _optimizer.Step();
            last = loss.Item<float>();
        }

        return last;
    }
}
