using BenchmarkDotNet.Attributes;

namespace AutoDiffGen.Bench.Tape;

/// <summary>
/// Tape overhead: one tiny recorded op, and a tiny forward+backward <c>(a*b+a).Sum().Backward()</c>. The tensors are 4
/// elements, so the figures are bookkeeping, not arithmetic. libtorch's twin is <see cref="TorchTapeBenchmarks"/>, a
/// class of its own so each benchmark process holds one library.
/// </summary>
[MemoryDiagnoser]
public class TapeBenchmarks
{
    private Tensor _a = null!;
    private Tensor _b = null!;

    [GlobalSetup]
    public void Setup()
    {
        _a = Tensor.FromArray(new float[] { 1, 2, 3, 4 }).RequiresGrad_();
        _b = Tensor.FromArray(new float[] { 5, 6, 7, 8 }).RequiresGrad_();
    }

    [Benchmark(Description = "AutoDiffGen: a*b recorded")]
    public Tensor OursTinyOp() => _a * _b;

    [Benchmark(Description = "AutoDiffGen: (a*b+a).Sum().Backward()")]
    public void OursTinyForwardBackward()
    {
        _a.Grad = null;
        _b.Grad = null;
        (_a * _b + _a).Sum().Backward();
    }
}
