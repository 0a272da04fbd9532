using BenchmarkDotNet.Attributes;
using TorchSharp;

namespace AutoDiffGen.Bench.Sequence;

/// <summary>libtorch (2 threads): the same work as <see cref="OursAttentionBenchmarks"/>.</summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 5, invocationCount: 1)]
public class TorchAttentionBenchmarks
{
    private TorchSharp.Modules.TransformerEncoderLayer _layer = null!;
    private torch.Tensor _x = null!, _q = null!, _k = null!, _v = null!;

    /// <summary>Builds the layer and the inputs.</summary>
    [GlobalSetup]
    public void Setup()
    {
        torch.set_num_threads(Program.TorchThreads);
        torch.manual_seed(1);
        _layer = torch.nn.TransformerEncoderLayer(256, 4, 1024, 0.0);
        _x = torch.randn(128, 32, 256).requires_grad_();
        _q = torch.randn(4, 1024, 64).requires_grad_();
        _k = torch.randn(4, 1024, 64).requires_grad_();
        _v = torch.randn(4, 1024, 64).requires_grad_();
    }

    /// <summary>The encoder layer, forward and backward.</summary>
    [Benchmark(Description = "libtorch: TransformerEncoderLayer forward + backward")]
    public void EncoderLayer()
    {
        using var scope = torch.NewDisposeScope();
        _layer.zero_grad();
        _layer.call(_x).sum().backward();
    }

    /// <summary>Attention, forward and backward.</summary>
    [Benchmark(Description = "libtorch: SDPA L=1024 E=64 forward + backward")]
    public void Attention()
    {
        using var scope = torch.NewDisposeScope();
        torch.nn.functional.scaled_dot_product_attention(_q, _k, _v).sum().backward();
    }
}
