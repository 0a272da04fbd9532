using BenchmarkDotNet.Attributes;
using KernelGemm = AutoDiffGen.Kernels.Gemm;

namespace AutoDiffGen.Bench.Gemm;

/// <summary>
/// float32 GEMM: our packed, blocked kernels on 2 threads into a preallocated C (as the tensor layer does from its
/// pool), at the shapes of <see cref="GemmShape.Float32Shapes"/>. Transposed operands are stored transposed and passed
/// as flags, so no transpose is materialised. libtorch's <c>torch.mm</c> on the same shapes is
/// <see cref="TorchGemmBenchmarks"/>, a class of its own so each benchmark process holds one library.
/// </summary>
[Config(typeof(GemmGflopsColumn.Config))]
public class GemmBenchmarks
{
    private float[] _a = null!;
    private float[] _b = null!;
    private float[] _c = null!;

    /// <summary>The shapes to run.</summary>
    public static IEnumerable<GemmShape> Shapes => GemmShape.Float32Shapes;

    /// <summary>The current shape.</summary>
    [ParamsSource(nameof(Shapes))]
    public GemmShape Shape { get; set; } = null!;

    /// <summary>Uniform random operands in [0, 1), as <c>torch.rand</c> gives libtorch's side.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        GemmShape s = Shape;
        _a = Enumerable.Range(0, s.M * s.K).Select(_ => random.NextSingle()).ToArray();
        _b = Enumerable.Range(0, s.K * s.N).Select(_ => random.NextSingle()).ToArray();
        _c = new float[s.M * s.N];
    }

    /// <summary>AutoDiffGen: <c>Gemm.Multiply</c> into a preallocated C.</summary>
    [Benchmark(Description = "AutoDiffGen Gemm")]
    public void Ours()
    {
        GemmShape s = Shape;
        KernelGemm.Multiply(s.TransA, s.TransB, s.M, s.N, s.K, 1f, _a, s.Lda, _b, s.Ldb, 0f, _c, s.N);
    }
}
