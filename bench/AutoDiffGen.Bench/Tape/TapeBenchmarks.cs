using BenchmarkDotNet.Attributes;
using TorchSharp;
using AdgTensor = AutoDiffGen.Tensor;

namespace AutoDiffGen.Bench.Tape;

/// <summary>
/// Tape overhead: one tiny recorded op, and a tiny forward+backward <c>(a*b+a).sum().backward()</c>, in both libraries.
/// The tensors are 4 elements, so the figures are bookkeeping, not arithmetic.
/// </summary>
[MemoryDiagnoser]
public class TapeBenchmarks
{
    private AdgTensor _a = null!;
    private AdgTensor _b = null!;
    private torch.Tensor _ta = null!;
    private torch.Tensor _tb = null!;

    [GlobalSetup]
    public void Setup()
    {
        torch.set_num_threads(2);
        _a = AdgTensor.FromArray(new float[] { 1, 2, 3, 4 }).RequiresGrad_();
        _b = AdgTensor.FromArray(new float[] { 5, 6, 7, 8 }).RequiresGrad_();
        _ta = torch.tensor(new float[] { 1, 2, 3, 4 }, requires_grad: true);
        _tb = torch.tensor(new float[] { 5, 6, 7, 8 }, requires_grad: true);
    }

    [Benchmark(Description = "AutoDiffGen: a*b recorded")]
    public AdgTensor OursTinyOp() => _a * _b;

    [Benchmark(Description = "libtorch: a*b recorded")]
    public void TorchTinyOp()
    {
        using var result = _ta * _tb;
    }

    [Benchmark(Description = "AutoDiffGen: (a*b+a).Sum().Backward()")]
    public void OursTinyForwardBackward()
    {
        _a.Grad = null;
        _b.Grad = null;
        (_a * _b + _a).Sum().Backward();
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
