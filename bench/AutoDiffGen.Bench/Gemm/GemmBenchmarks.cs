using BenchmarkDotNet.Attributes;
using TorchSharp;
using KernelGemm = AutoDiffGen.Kernels.Gemm;

namespace AutoDiffGen.Bench.Gemm;

/// <summary>
/// float32 GEMM: our packed, blocked kernels against libtorch's <c>torch.mm</c> on the same shapes, both on 2 threads.
/// Transposed operands are stored transposed and passed as views (<c>.t()</c>) to libtorch and as flags to ours, so
/// neither side materialises a transpose. libtorch allocates its result each call (that is what <c>torch.mm</c> does);
/// ours writes a preallocated C, as the tensor layer will from its pool.
/// </summary>
[Config(typeof(GemmGflopsColumn.Config))]
public class GemmBenchmarks
{
    private float[] _a = null!;
    private float[] _b = null!;
    private float[] _c = null!;
    private torch.Tensor _ta = null!;
    private torch.Tensor _tb = null!;

    /// <summary>The shapes to run.</summary>
    public static IEnumerable<GemmShape> Shapes => GemmShape.Float32Shapes;

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
        torch.Tensor storedA = s.TransA ? torch.rand(s.K, s.M) : torch.rand(s.M, s.K);
        torch.Tensor storedB = s.TransB ? torch.rand(s.N, s.K) : torch.rand(s.K, s.N);
        _a = storedA.data<float>().ToArray();
        _b = storedB.data<float>().ToArray();
        _c = new float[s.M * s.N];
        _ta = s.TransA ? storedA.t() : storedA;
        _tb = s.TransB ? storedB.t() : storedB;
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
        KernelGemm.Multiply(s.TransA, s.TransB, s.M, s.N, s.K, 1f, _a, s.Lda, _b, s.Ldb, 0f, _c, s.N);
    }
}
