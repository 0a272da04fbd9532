using AutoDiffGen.Nn;
using BenchmarkDotNet.Attributes;
using AdgTensor = AutoDiffGen.Tensor;

namespace AutoDiffGen.Bench.Sequence;

/// <summary>AutoDiffGen's LSTM and GRU, forward + backward of Σ output (float32, one layer), at the shapes.</summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 5, invocationCount: 1)]
public class OursRecurrentBenchmarks
{
    private RNNBase _layer = null!;
    private AdgTensor _x = null!;

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
        var (steps, batch, input, hidden) = SequenceShapes.Parse(Shape);
        var generator = new Generator(1);
        _layer = Mode == "LSTM" ? new LSTM(input, hidden, generator: generator) : new GRU(input, hidden, generator: generator);
        _x = AdgTensor.Randn(new Shape(steps, batch, input), DType.Float32, generator).RequiresGrad_();
    }

    /// <summary>Forward and backward.</summary>
    [Benchmark(Description = "AutoDiffGen: recurrent forward + backward")]
    public void ForwardBackward()
    {
        using var scope = TensorScope.Begin();
        _layer.ZeroGrad(setToNone: false);
        _layer.Call(_x).Sum().Backward();
    }
}
