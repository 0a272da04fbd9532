using BenchmarkDotNet.Attributes;
using TorchSharp;

namespace AutoDiffGen.Bench.Training;

/// <summary>
/// libtorch's side of <see cref="MlpEpochBenchmarks"/>: the same epoch (same model, optimizer, batch sizes, in-memory
/// random batches) in TorchSharp, in a class of its own so its benchmark process never loads AutoDiffGen.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 7, invocationCount: 1)]
public class TorchMlpEpochBenchmarks
{
    private const int Samples = 60_000;
    private const int BatchSize = 128;

    private readonly List<(torch.Tensor X, torch.Tensor Y)> _batches = [];
    private torch.nn.Module<torch.Tensor, torch.Tensor> _model = null!;
    private torch.optim.Optimizer _optimizer = null!;

    [GlobalSetup]
    public void Setup()
    {
        torch.set_num_threads(Program.TorchThreads);
        torch.manual_seed(7);
        for (var start = 0; start < Samples; start += BatchSize)
        {
            var n = Math.Min(BatchSize, Samples - start);
            _batches.Add((torch.rand(n, 784), torch.randint(0, 10, [n], dtype: torch.ScalarType.Int64)));
        }

        _model = torch.nn.Sequential(
            ("fc1", torch.nn.Linear(784, 256)), ("relu1", torch.nn.ReLU()),
            ("fc2", torch.nn.Linear(256, 128)), ("relu2", torch.nn.ReLU()),
            ("fc3", torch.nn.Linear(128, 10)));
        _optimizer = torch.optim.SGD(_model.parameters(), 0.1, momentum: 0.9);
    }

    [Benchmark(Description = "libtorch: MLP epoch")]
    public float TorchEpoch()
    {
        var last = 0f;
        foreach (var (x, y) in _batches)
        {
            using var scope = torch.NewDisposeScope();
            var loss = torch.nn.functional.cross_entropy(_model.call(x), y);
            _optimizer.zero_grad();
            loss.backward();
            _optimizer.step();
            last = loss.item<float>();
        }

        return last;
    }
}
