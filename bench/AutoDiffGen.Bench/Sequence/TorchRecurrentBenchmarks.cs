using BenchmarkDotNet.Attributes;
using TorchSharp;

namespace AutoDiffGen.Bench.Sequence;

/// <summary>libtorch's LSTM and GRU (2 threads), the same work as <see cref="OursRecurrentBenchmarks"/>.</summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 5, invocationCount: 1)]
public class TorchRecurrentBenchmarks
{
    private torch.nn.Module _layer = null!;
    private torch.Tensor _x = null!;

    /// <summary>LSTM or GRU.</summary>
    [Params("LSTM", "GRU")]
    public string Mode { get; set; } = "LSTM";

    /// <summary>steps/batch/input/hidden.</summary>
    [ParamsSource(nameof(Shapes))]
    public string Shape { get; set; } = "25/16/128/128";

    /// <summary>The shapes.</summary>
    public static IEnumerable<string> Shapes => SequenceShapes.Recurrent;

    /// <summary>Builds the layer and the input.</summary>
    [GlobalSetup]
    public void Setup()
    {
        torch.set_num_threads(Program.TorchThreads);
        torch.manual_seed(1);
        var (steps, batch, input, hidden) = SequenceShapes.Parse(Shape);
        _layer = Mode == "LSTM" ? torch.nn.LSTM(input, hidden) : torch.nn.GRU(input, hidden);
        _x = torch.randn(steps, batch, input).requires_grad_();
    }

    /// <summary>Forward and backward.</summary>
    [Benchmark(Description = "libtorch: recurrent forward + backward")]
    public void ForwardBackward()
    {
        using var scope = torch.NewDisposeScope();
        _layer.zero_grad();
        var output = _layer is TorchSharp.Modules.LSTM lstm ? lstm.call(_x).Item1 : ((TorchSharp.Modules.GRU)_layer).call(_x).Item1;
        output.sum().backward();
    }
}
