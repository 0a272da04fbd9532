using BenchmarkDotNet.Attributes;
using TorchSharp;

namespace AutoDiffGen.Bench.Smoke;

/// <summary>One tiny libtorch op with autograd recording: proves libtorch loads and runs in the benchmark process.</summary>
public class TorchSmokeBenchmarks
{
    private torch.Tensor _a = null!;
    private torch.Tensor _b = null!;

    /// <summary>Two 64-element float32 leaves that require grad, so the product records a MulBackward node.</summary>
    [GlobalSetup]
    public void Setup()
    {
        torch.set_num_threads(Program.TorchThreads);
        torch.manual_seed(0);
        _a = torch.rand(64, requires_grad: true);
        _b = torch.rand(64, requires_grad: true);
    }

    /// <summary>a * b with grad recording on; the result (and its graph node) is freed at once, not left to the GC.</summary>
    [Benchmark]
    public long MulRequiresGrad()
    {
        using var product = _a * _b;
        return product.numel();
    }

    /// <summary>Frees the native tensors.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        _a.Dispose();
        _b.Dispose();
    }
}
