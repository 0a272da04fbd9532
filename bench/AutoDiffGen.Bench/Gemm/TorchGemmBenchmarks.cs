using BenchmarkDotNet.Attributes;
using TorchSharp;

namespace AutoDiffGen.Bench.Gemm;

/// <summary>
/// libtorch's side of <see cref="GemmBenchmarks"/>: <c>torch.mm</c> on 2 threads at the same shapes, transposed
/// operands stored transposed and passed as <c>.t()</c> views; it allocates its result each call, as <c>torch.mm</c>
/// does. A class of its own, so its benchmark process never loads AutoDiffGen.
/// </summary>
[Config(typeof(GemmGflopsColumn.Config))]
public class TorchGemmBenchmarks
{
    private torch.Tensor _ta = null!;
    private torch.Tensor _tb = null!;

    /// <summary>The shapes to run.</summary>
    public static IEnumerable<GemmShape> Shapes => GemmShape.Float32Shapes;

    /// <summary>The current shape.</summary>
    [ParamsSource(nameof(Shapes))]
    public GemmShape Shape { get; set; } = null!;

    /// <summary>Uniform random operands in [0, 1).</summary>
    [GlobalSetup]
    public void Setup()
    {
        torch.set_num_threads(Program.TorchThreads);
        torch.random.manual_seed(1);
        GemmShape s = Shape;
        torch.Tensor storedA = s.TransA ? torch.rand(s.K, s.M) : torch.rand(s.M, s.K);
        torch.Tensor storedB = s.TransB ? torch.rand(s.N, s.K) : torch.rand(s.K, s.N);
        _ta = s.TransA ? storedA.t() : storedA;
        _tb = s.TransB ? storedB.t() : storedB;
    }

    /// <summary>libtorch: <c>torch.mm(a, b)</c>.</summary>
    [Benchmark(Description = "libtorch torch.mm")]
    public void Torch()
    {
        using torch.Tensor result = torch.mm(_ta, _tb);
    }
}
