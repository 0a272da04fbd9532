using BenchmarkDotNet.Attributes;
using TorchSharp;

namespace AutoDiffGen.Bench.Tape;

/// <summary>libtorch's side of <see cref="TapeBenchmarks"/>, in a class of its own so its process never loads AutoDiffGen.</summary>
[MemoryDiagnoser]
public class TorchTapeBenchmarks
{
    private torch.Tensor _ta = null!;
    private torch.Tensor _tb = null!;

    [GlobalSetup]
    public void Setup()
    {
        torch.set_num_threads(Program.TorchThreads);
        _ta = torch.tensor(new float[] { 1, 2, 3, 4 }, requires_grad: true);
        _tb = torch.tensor(new float[] { 5, 6, 7, 8 }, requires_grad: true);
    }

    [Benchmark(Description = "libtorch: a*b recorded")]
    public void TorchTinyOp()
    {
        using var result = _ta * _tb;
    }

    [Benchmark(Description = "libtorch: (a*b+a).sum().backward()")]
    public void TorchTinyForwardBackward()
    {
        using var scope = torch.NewDisposeScope();
        _ta.grad?.Dispose();
        _tb.grad?.Dispose();
        _ta.grad = null;
        _tb.grad = null;
        (_ta * _tb + _ta).sum().backward();
    }
}
