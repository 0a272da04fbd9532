using AutoDiffGen.Parity.Tests.Infrastructure;
using AutoDiffGen.Parity.Tests.Ops;
using TorchSharp;
using Parameter = TorchSharp.Modules.Parameter;

namespace AutoDiffGen.Parity.Tests.Nn;

/// <summary>Gradient clipping (<c>clip_grad_norm_</c>, <c>clip_grad_value_</c>) against torch.nn.utils on the same gradients.</summary>
public class ClipGradParityTests
{
    private static readonly int[][] Shapes = [[4, 3], [3], [2, 2, 2]];

    [Theory]
    [InlineData(2.0, 1.5)]     // clips: the total 2-norm of ~23 standard-normal entries is ~4.8
    [InlineData(2.0, 100.0)]   // leaves the gradients alone
    [InlineData(1.0, 3.0)]
    [InlineData(double.PositiveInfinity, 0.8)]
    public void ClipGradNorm_TotalNormAndClippedGradients_MatchLibtorch(double normType, double maxNorm)
    {
        foreach (var dtype in new[] { DType.Float64, DType.Float32 })
        {
            double tolerance = dtype == DType.Float64 ? 1e-10 : 1e-5;
            var (ours, theirs) = Parameters(dtype, seed: 3);
            var total = AutoDiffGen.Nn.Utils.ClipGradNorm(ours, maxNorm, normType);
            double torchTotal = torch.nn.utils.clip_grad_norm_(theirs, maxNorm, normType);

            ParityAssert.AllClose([torchTotal], [total.ItemAsDouble()], tolerance, what: $"total {normType}-norm ({dtype})");
            CompareGradients(ours, theirs, tolerance, $"clip_grad_norm_ max {maxNorm} p {normType} ({dtype})");
        }
    }

    [Fact]
    public void ClipGradValue_MatchesLibtorch()
    {
        foreach (var dtype in new[] { DType.Float64, DType.Float32 })
        {
            var (ours, theirs) = Parameters(dtype, seed: 5);
            AutoDiffGen.Nn.Utils.ClipGradValue(ours, 0.6);
            torch.nn.utils.clip_grad_value_(theirs, 0.6);
            CompareGradients(ours, theirs, 0, $"clip_grad_value_ 0.6 ({dtype})");
        }
    }

    private static (Tensor[] Ours, Parameter[] Torch) Parameters(DType dtype, int seed)
    {
        var rng = new Random(seed);
        var ours = new Tensor[Shapes.Length];
        var theirs = new Parameter[Shapes.Length];
        for (int i = 0; i < Shapes.Length; i++)
        {
            var count = Shapes[i].Aggregate(1, (p, d) => p * d);
            var grad = OpParity.Normal(rng, count);
            ours[i] = OpParity.Ours(new double[count], Shapes[i], dtype);
            ours[i].RequiresGrad = true;
            ours[i].Grad = OpParity.Ours(grad, Shapes[i], dtype);
            theirs[i] = new Parameter(OpParity.Torch(new double[count], Shapes[i], dtype));
            theirs[i].grad = OpParity.Torch(grad, Shapes[i], dtype);
        }
        return (ours, theirs);
    }

    private static void CompareGradients(Tensor[] ours, Parameter[] theirs, double tolerance, string what)
    {
        for (int i = 0; i < ours.Length; i++)
        {
            ParityAssert.AllClose(OpParity.ToDoubles(theirs[i].grad!), ours[i].Grad!.ToDoubleArray(), tolerance, what: $"{what}: gradient {i}");
        }
    }
}
