using AutoDiffGen.Nn;
using BenchmarkDotNet.Attributes;
using AdgTensor = AutoDiffGen.Tensor;

namespace AutoDiffGen.Bench.Sequence;

/// <summary>
/// AutoDiffGen's TransformerEncoderLayer (d_model 256, 4 heads, feed-forward 1024, sequence 128, batch 32, dropout 0)
/// and ScaledDotProductAttention (sequence 1024, head 64, batch·heads 4), forward + backward, float32.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 5, invocationCount: 1)]
public class OursAttentionBenchmarks
{
    private TransformerEncoderLayer _layer = null!;
    private AdgTensor _x = null!, _q = null!, _k = null!, _v = null!;

    /// <summary>Builds the layer and the inputs.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var generator = new Generator(1);
        _layer = new TransformerEncoderLayer(256, 4, 1024, dropout: 0, batchFirst: true, generator: generator);
        _x = AdgTensor.Randn(new Shape(32, 128, 256), DType.Float32, generator).RequiresGrad_();
        _q = AdgTensor.Randn(new Shape(4, 1024, 64), DType.Float32, generator).RequiresGrad_();
        _k = AdgTensor.Randn(new Shape(4, 1024, 64), DType.Float32, generator).RequiresGrad_();
        _v = AdgTensor.Randn(new Shape(4, 1024, 64), DType.Float32, generator).RequiresGrad_();
    }

    /// <summary>The encoder layer, forward and backward.</summary>
    [Benchmark(Description = "AutoDiffGen: TransformerEncoderLayer forward + backward")]
    public void EncoderLayer()
    {
        using var scope = TensorScope.Begin();
        _layer.ZeroGrad(setToNone: false);
        _layer.Call(_x).Sum().Backward();
    }

    /// <summary>Attention, forward and backward.</summary>
    [Benchmark(Description = "AutoDiffGen: SDPA L=1024 E=64 forward + backward")]
    public void Attention()
    {
        using var scope = TensorScope.Begin();
        Functional.ScaledDotProductAttention(_q, _k, _v).Sum().Backward();
    }
}
