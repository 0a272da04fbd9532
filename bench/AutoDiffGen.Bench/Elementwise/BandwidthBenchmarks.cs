using AutoDiffGen.Kernels;
using BenchmarkDotNet.Attributes;
using TorchSharp;
using AdgTensor = AutoDiffGen.Tensor;

namespace AutoDiffGen.Bench.Elementwise;

/// <summary>
/// Elementwise ops and a full reduction, ours against libtorch, on 16M float32 elements (64 MB per operand, far beyond
/// the caches, so the figure is memory bandwidth) and on 1K elements (where threading must cost nothing), each on 1 and
/// 2 threads (<c>Parallelism.MaxThreads</c> for ours, <c>torch.set_num_threads</c> for libtorch). The GB/s column is
/// bytes read + written over the median time; a plain copy (the runtime's <c>ArrayCopy</c>, split the same way) is the machine's
/// reference. Ours runs inside a <see cref="TensorScope"/>, so results reuse pooled storage as in a training loop;
/// libtorch allocates each result (for 64 MB that means fresh pages from the OS), so its in-place form (<c>add_</c>,
/// same bytes) is shown too.
/// </summary>
[Config(typeof(BandwidthColumn.Config))]
public class BandwidthBenchmarks
{
    private AdgTensor _a = null!;
    private AdgTensor _b = null!;
    private float[] _copySource = null!;
    private float[] _copyDestination = null!;
    private torch.Tensor _ta = null!;
    private torch.Tensor _tb = null!;
    private int _savedThreads;

    /// <summary>Elements per operand.</summary>
    [Params(1024, 16 * 1024 * 1024)]
    public int Size { get; set; }

    /// <summary>Threads both libraries may use.</summary>
    [Params(1, 2)]
    public int Threads { get; set; }

    /// <summary>Same random operands for both libraries; thread counts pinned.</summary>
    [GlobalSetup]
    public void Setup()
    {
        torch.set_num_threads(Threads);
        _savedThreads = Parallelism.MaxThreads;
        Parallelism.MaxThreads = Threads;
        var generator = new Generator(3);
        _a = AdgTensor.Rand(new Shape(Size), DType.Float32, generator) - 0.5;
        _b = AdgTensor.Rand(new Shape(Size), DType.Float32, generator);
        _copySource = _a.ToArray<float>();
        _copyDestination = new float[Size];
        _ta = torch.tensor(_copySource);
        _tb = torch.tensor(_b.ToArray<float>());
    }

    /// <summary>Restores our thread setting.</summary>
    [GlobalCleanup]
    public void Cleanup() => Parallelism.MaxThreads = _savedThreads;

    /// <summary>Reference: copy one operand into another array, split across the threads like our kernels.</summary>
    [Benchmark(Description = "reference: copy"), BytesPerElement(8)]
    public void Copy() => ArrayCopy.Copy(_copySource, 0, _copyDestination, 0, Size);

    /// <summary>Ours: c = a + b.</summary>
    [Benchmark(Description = "AutoDiffGen a + b"), BytesPerElement(12)]
    public void OursAdd()
    {
        using var scope = TensorScope.Begin();
        _ = _a + _b;
    }

    /// <summary>libtorch: c = a + b (allocates c).</summary>
    [Benchmark(Description = "libtorch a + b"), BytesPerElement(12)]
    public void TorchAdd()
    {
        using var c = _ta + _tb;
    }

    /// <summary>libtorch: a += b, the same bytes without allocating.</summary>
    [Benchmark(Description = "libtorch a.add_(b)"), BytesPerElement(12)]
    public void TorchAddInPlace() => _ta.add_(_tb);

    /// <summary>Ours: c = a * 2.</summary>
    [Benchmark(Description = "AutoDiffGen a * 2"), BytesPerElement(8)]
    public void OursMulScalar()
    {
        using var scope = TensorScope.Begin();
        _ = _a * 2.0;
    }

    /// <summary>libtorch: c = a * 2.</summary>
    [Benchmark(Description = "libtorch a * 2"), BytesPerElement(8)]
    public void TorchMulScalar()
    {
        using var c = _ta * 2.0f;
    }

    /// <summary>Ours: exp(a).</summary>
    [Benchmark(Description = "AutoDiffGen exp(a)"), BytesPerElement(8)]
    public void OursExp()
    {
        using var scope = TensorScope.Begin();
        _ = AdgTensor.Exp(_a);
    }

    /// <summary>libtorch: exp(a).</summary>
    [Benchmark(Description = "libtorch exp(a)"), BytesPerElement(8)]
    public void TorchExp()
    {
        using var c = _ta.exp();
    }

    /// <summary>Ours: relu(a).</summary>
    [Benchmark(Description = "AutoDiffGen relu(a)"), BytesPerElement(8)]
    public void OursRelu()
    {
        using var scope = TensorScope.Begin();
        _ = AdgTensor.Relu(_a);
    }

    /// <summary>libtorch: relu(a).</summary>
    [Benchmark(Description = "libtorch relu(a)"), BytesPerElement(8)]
    public void TorchRelu()
    {
        using var c = _ta.relu();
    }

    /// <summary>Ours: the sum of all elements.</summary>
    [Benchmark(Description = "AutoDiffGen a.Sum()"), BytesPerElement(4)]
    public float OursSum()
    {
        using var scope = TensorScope.Begin();
        return _a.Sum().Item<float>();
    }

    /// <summary>libtorch: the sum of all elements.</summary>
    [Benchmark(Description = "libtorch a.sum()"), BytesPerElement(4)]
    public float TorchSum()
    {
        using var s = _ta.sum();
        return s.item<float>();
    }
}
