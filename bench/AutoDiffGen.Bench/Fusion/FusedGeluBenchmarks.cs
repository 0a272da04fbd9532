using AutoDiffGen.Nn;
using BenchmarkDotNet.Attributes;
using TorchSharp;
using AdgTensor = AutoDiffGen.Tensor;

namespace AutoDiffGen.Bench.Fusion;

/// <summary>
/// GELU (tanh) forward + backward on 1M float32 elements: the generator's fused kernel (a scalar
/// <c>[Differentiable] float Gelu(float)</c> applied to a tensor) against the same formula recorded op by op on the tape,
/// against the runtime's <c>Functional.Gelu</c> (a <c>[Differentiable]</c> tensor method whose node is fused the same
/// way), and against libtorch's <c>gelu</c> and its own op-by-op formula, in the same process.
/// </summary>
/// <remarks>
/// Every iteration runs inside a <see cref="TensorScope"/>, so both of our variants reuse pooled buffers as a training
/// step does; the leaf gradient accumulates in place.
/// </remarks>
[MemoryDiagnoser]
[MinColumn]
public class FusedGeluBenchmarks
{
    private const int Elements = 1 << 20;

    private AdgTensor _x = null!;
    private AdgTensor _upstream = null!;
    private torch.Tensor _tx = null!;
    private torch.Tensor _tupstream = null!;

    [GlobalSetup]
    public void Setup()
    {
        torch.set_num_threads(Program.TorchThreads);
        _x = AdgTensor.Randn(new Shape(Elements), DType.Float32, new Generator(1)).RequiresGrad_();
        _upstream = AdgTensor.Randn(new Shape(Elements), DType.Float32, new Generator(2));
        _tx = torch.tensor(_x.ToArray<float>(), requires_grad: true);
        _tupstream = torch.tensor(_upstream.ToArray<float>());
    }

    [Benchmark(Baseline = true, Description = "AutoDiffGen: same formula op by op on the tape")]
    public void OursOpByOp()
    {
        using var scope = TensorScope.Begin();
        GeluFunctions.GeluOpByOp(_x).Backward(_upstream);
    }

    [Benchmark(Description = "AutoDiffGen: fused scalar Gelu(float) on a tensor")]
    public void OursFused()
    {
        using var scope = TensorScope.Begin();
        GeluFunctions.Gelu(_x).Backward(_upstream);
    }

    [Benchmark(Description = "AutoDiffGen: Functional.Gelu (fused tensor method)")]
    public void OursFunctional()
    {
        using var scope = TensorScope.Begin();
        Functional.Gelu(_x, GeluApproximation.Tanh).Backward(_upstream);
    }

    [Benchmark(Description = "libtorch: gelu(tanh)")]
    public void TorchGelu()
    {
        using var scope = torch.NewDisposeScope();
        torch.nn.functional.gelu(_tx, TorchSharp.Modules.GELU.Approximate.tanh).backward(new[] { _tupstream });
    }

    [Benchmark(Description = "libtorch: same formula op by op")]
    public void TorchOpByOp()
    {
        using var scope = torch.NewDisposeScope();
        var x = _tx;
        (0.5 * x * (1.0 + torch.tanh(0.7978845608028654 * (x + 0.044715 * x * x * x)))).backward(new[] { _tupstream });
    }
}
