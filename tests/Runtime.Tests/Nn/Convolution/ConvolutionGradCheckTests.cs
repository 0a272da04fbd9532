using AutoDiffGen.Nn;

namespace AutoDiffGen.Tests.Nn.Convolution;

/// <summary>
/// float64 finite-difference gradient checks of every convolution-family primitive and composite: im2col, col2im,
/// convolutions with each option, transposed convolutions, padding modes, pooling, normalisation, interpolation.
/// </summary>
public class ConvolutionGradCheckTests
{
    private static Tensor Leaf(int seed, params int[] shape)
    {
        var g = new Generator(seed);
        var t = Tensor.Zeros(new Shape(shape), DType.Float64);
        Init.Normal_(t, 0, 1, g);
        return t.RequiresGrad_();
    }

    public static TheoryData<string> Names => new(Cases.Keys);

    private static readonly Dictionary<string, (Func<Tensor[], Tensor> F, Func<Tensor[]> Inputs)> Cases = new()
    {
        ["unfold"] = (x => Functional.Unfold(x[0], (2, 3), dilation: (1, 2), padding: 1, stride: (2, 1)), () => [Leaf(1, 2, 2, 5, 6)]),
        ["fold"] = (x => Functional.Fold(x[0], (4, 5), 2, padding: 1, stride: 2), () => [Leaf(2, 2, 8, 9)]),
        ["conv2d stride padding bias"] = (x => Functional.Conv2d(x[0], x[1], x[2], stride: 2, padding: 1), () => [Leaf(3, 2, 2, 5, 6), Leaf(4, 3, 2, 3, 3), Leaf(5, 3)]),
        ["conv2d dilation groups"] = (x => Functional.Conv2d(x[0], x[1], dilation: (2, 1), groups: 2), () => [Leaf(6, 1, 4, 6, 5), Leaf(7, 4, 2, 2, 3)]),
        ["conv2d same even kernel"] = (x => Functional.Conv2d(x[0], x[1], padding: "same"), () => [Leaf(8, 1, 2, 5, 4), Leaf(9, 2, 2, 2, 4)]),
        ["conv1d"] = (x => Functional.Conv1d(x[0], x[1], x[2], stride: 2, padding: 1, dilation: 2), () => [Leaf(10, 2, 2, 9), Leaf(11, 3, 2, 3), Leaf(12, 3)]),
        ["conv_transpose2d"] = (x => Functional.ConvTranspose2d(x[0], x[1], x[2], stride: 2, padding: 1, outputPadding: 1), () => [Leaf(13, 1, 2, 3, 3), Leaf(14, 2, 3, 3, 3), Leaf(15, 3)]),
        ["conv_transpose1d groups"] = (x => Functional.ConvTranspose1d(x[0], x[1], stride: 2, groups: 2), () => [Leaf(16, 2, 4, 4), Leaf(17, 4, 1, 3)]),
        ["pad reflect"] = (x => Functional.Pad(x[0], [2, 1, 1, 2], PadMode.Reflect), () => [Leaf(18, 1, 2, 4, 4)]),
        ["pad replicate"] = (x => Functional.Pad(x[0], [2, 1, 1, 2], PadMode.Replicate), () => [Leaf(19, 1, 2, 4, 4)]),
        ["pad circular"] = (x => Functional.Pad(x[0], [2, 1, 1, 2], PadMode.Circular), () => [Leaf(20, 1, 2, 4, 4)]),
        ["pad constant"] = (x => Functional.Pad(x[0], [2, -1, 1, 2], value: 3), () => [Leaf(21, 1, 2, 4, 4)]),
        ["max_pool2d padding ceil_mode"] = (x => Functional.MaxPool2d(x[0], 3, 2, 1, ceilMode: true), () => [Leaf(22, 2, 2, 6, 6)]),
        ["max_pool1d dilation"] = (x => Functional.MaxPool1d(x[0], 2, 2, dilation: 2), () => [Leaf(23, 2, 2, 9)]),
        ["avg_pool2d exclude pad"] = (x => Functional.AvgPool2d(x[0], 3, 2, 1, countIncludePad: false), () => [Leaf(24, 2, 2, 6, 5)]),
        ["avg_pool1d ceil_mode"] = (x => Functional.AvgPool1d(x[0], 3, 2, ceilMode: true), () => [Leaf(25, 2, 2, 8)]),
        ["adaptive_avg_pool2d"] = (x => Functional.AdaptiveAvgPool2d(x[0], (2, 3)), () => [Leaf(26, 2, 2, 5, 7)]),
        ["adaptive_avg_pool1d"] = (x => Functional.AdaptiveAvgPool1d(x[0], 3), () => [Leaf(27, 2, 2, 7)]),
        ["adaptive_max_pool2d"] = (x => Functional.AdaptiveMaxPool2d(x[0], (2, 3)), () => [Leaf(28, 2, 2, 5, 7)]),
        ["batch_norm training"] = (x => Functional.BatchNorm(x[0], null, null, x[1], x[2], training: true), () => [Leaf(29, 3, 2, 3, 3), Leaf(30, 2), Leaf(31, 2)]),
        ["group_norm"] = (x => Functional.GroupNorm(x[0], 2, x[1], x[2]), () => [Leaf(32, 2, 4, 3, 2), Leaf(33, 4), Leaf(34, 4)]),
        ["interpolate nearest"] = (x => Functional.Interpolate(x[0], size: [5, 7]), () => [Leaf(35, 1, 2, 3, 4)]),
    };

    [Theory]
    [MemberData(nameof(Names))]
    public void GradientsMatchFiniteDifferences(string name)
    {
        var (f, inputs) = Cases[name];
        GradCheck.Check(f, inputs());
    }

    [Fact]
    public void SecondOrderThroughConv2dMatchesFiniteDifferencesOfTheGradient()
    {
        // A gradient penalty P(w) = Σ (∂L/∂x)² with L = Σ conv(x, w)²: dP/dw needs the backward of the backward.
        var x = Leaf(40, 1, 2, 5, 5);
        var w = Leaf(41, 2, 2, 3, 3);
        double Penalty(Tensor weight, bool createGraph, out Tensor? dw)
        {
            var y = Functional.Conv2d(x, weight, padding: 1, stride: (1, 2));
            var gx = AutoDiffGen.Autograd.Grad((y * y).Sum(), [x], createGraph: createGraph)[0]!;
            var p = (gx * gx).Sum();
            dw = createGraph ? AutoDiffGen.Autograd.Grad(p, [weight])[0] : null;
            return p.ItemAsDouble();
        }

        Penalty(w, createGraph: true, out var analytic);
        var values = w.ToDoubleArray();
        var expected = new double[values.Length];
        const double eps = 1e-6;
        for (int i = 0; i < values.Length; i++)
        {
            var plus = (double[])values.Clone();
            var minus = (double[])values.Clone();
            plus[i] += eps;
            minus[i] -= eps;
            var up = Penalty(Tensor.FromArray(plus, 2, 2, 3, 3).RequiresGrad_(), false, out _);
            var down = Penalty(Tensor.FromArray(minus, 2, 2, 3, 3).RequiresGrad_(), false, out _);
            expected[i] = (up - down) / (2 * eps);
        }

        var actual = analytic!.ToDoubleArray();
        for (int i = 0; i < values.Length; i++)
        {
            Assert.True(Math.Abs(actual[i] - expected[i]) <= 1e-5 + (1e-5 * Math.Abs(expected[i])), $"dP/dw[{i}]: analytic {actual[i]}, finite differences {expected[i]}");
        }
    }
}
