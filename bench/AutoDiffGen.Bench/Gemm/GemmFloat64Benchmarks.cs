using BenchmarkDotNet.Attributes;
using TorchSharp;
using KernelGemm = AutoDiffGen.Kernels.Gemm;

namespace AutoDiffGen.Bench.Gemm;

/// <summary>float64 GEMM against libtorch's <c>torch.mm</c> on square shapes, both on 2 threads.</summary>
[Config(typeof(GemmGflopsColumn.Config))]
public class GemmFloat64Benchmarks
{
    private double[] _a = null!;
    private double[] _b = null!;
    private double[] _c = null!;
    private torch.Tensor _ta = null!;
    private torch.Tensor _tb = null!;

    /// <summary>The shapes to run.</summary>
    public static IEnumerable<GemmShape> Shapes => GemmShape.Float64Shapes;

    /// <summary>The current shape.</summary>
    [ParamsSource(nameof(Shapes))]
    public GemmShape Shape { get; set; } = null!;

    /// <summary>Same random operands for both libraries.</summary>
    [GlobalSetup]
    public void Setup()
    {
        torch.set_num_threads(Program.TorchThreads);
        torch.random.manual_seed(1);
        GemmShape s = Shape;
        _ta = torch.rand(s.M, s.K, dtype: torch.float64);
        _tb = torch.rand(s.K, s.N, dtype: torch.float64);
        _a = _ta.data<double>().ToArray();
        _b = _tb.data<double>().ToArray();
        _c = new double[s.M * s.N];
    }

    /// <summary>libtorch: <c>torch.mm(a, b)</c>.</summary>
    [Benchmark(Baseline = true, Description = "libtorch torch.mm")]
    public void Torch()
    {
        using torch.Tensor result = torch.mm(_ta, _tb);
    }

    /// <summary>AutoDiffGen: <c>Gemm.Multiply</c> into a preallocated C.</summary>
    [Benchmark(Description = "AutoDiffGen Gemm")]
    public void Ours()
    {
        GemmShape s = Shape;
        KernelGemm.Multiply(false, false, s.M, s.N, s.K, 1d, _a, s.Lda, _b, s.Ldb, 0d, _c, s.N);
    }
}
