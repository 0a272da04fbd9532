using AutoDiffGen.Nn;

namespace AutoDiffGen.Tests.Nn;

public class LinearTests
{
    [Fact]
    public void DefaultInitIsUniformWithinOneOverSqrtFanIn()
    {
        var layer = new Linear(16, 300, generator: new Generator(7));
        Assert.Equal(new Shape(300, 16), layer.Weight.Shape);
        Assert.Equal(new Shape(300), layer.Bias!.Shape);
        var bound = 1 / Math.Sqrt(16);
        var w = layer.Weight.ToDoubleArray();
        var b = layer.Bias.ToDoubleArray();
        Assert.All(w, v => Assert.InRange(v, -bound, bound));
        Assert.All(b, v => Assert.InRange(v, -bound, bound));

        // 4800 uniform draws: the extremes come close to the bound and the variance is near bound²/3.
        Assert.True(w.Max() > 0.99 * bound && w.Min() < -0.99 * bound);
        var variance = w.Select(v => v * v).Average();
        Assert.InRange(variance, 0.95 * bound * bound / 3, 1.05 * bound * bound / 3);
    }

    [Fact]
    public void SameGeneratorSeedGivesSameWeights()
    {
        var a = new Linear(5, 4, generator: new Generator(3));
        var b = new Linear(5, 4, generator: new Generator(3));
        Assert.Equal(a.Weight.ToArray<float>(), b.Weight.ToArray<float>());
        Assert.Equal(a.Bias!.ToArray<float>(), b.Bias!.ToArray<float>());
    }

    [Fact]
    public void ForwardIsInputTimesWeightTransposedPlusBias()
    {
        var layer = new Linear(3, 2, dtype: DType.Float64);
        Init.Constant_(layer.Bias!, 0.5);
        var w = layer.Weight.ToArray<double>();
        var x = new double[] { 1, 2, 3, -1, 0, 4 };
        var y = layer.Call(Tensor.FromArray(x, 2, 3)).ToArray<double>();
        var expected = new double[4];
        for (var n = 0; n < 2; n++)
        {
            for (var o = 0; o < 2; o++)
            {
                expected[n * 2 + o] = 0.5 + x[n * 3] * w[o * 3] + x[n * 3 + 1] * w[o * 3 + 1] + x[n * 3 + 2] * w[o * 3 + 2];
            }
        }

        NnAssert.Close(expected, y);
    }

    [Fact]
    public void ForwardAcceptsExtraLeadingDimensions()
    {
        var layer = new Linear(3, 2, bias: false);
        Assert.Null(layer.Bias);
        Assert.Equal(new Shape(4, 5, 2), layer.Call(Tensor.Ones(4, 5, 3)).Shape);
    }

    [Fact]
    public void GradientsOfWeightBiasAndInputPassGradCheck()
    {
        var layer = new Linear(3, 2, dtype: DType.Float64);
        var x = NnAssert.Leaf([0.3, -1.2, 2.0, 0.7, 0.1, -0.4], 2, 3);
        GradCheck.Check(t => Functional.Linear(t[0], t[1], t[2]), [x, layer.Weight, layer.Bias!]);
    }

    [Fact]
    public void BiasedLayerOnLeadingDimensionsPassesGradCheck()
    {
        var layer = new Linear(3, 2, dtype: DType.Float64, generator: new Generator(5));
        var x = NnAssert.Leaf([0.3, -1.2, 2.0, 0.7, 0.1, -0.4, 1.5, -0.2, 0.9, -1.1, 0.6, 0.25], 2, 2, 3);
        GradCheck.Check(t => Functional.Linear(t[0], t[1], t[2]), [x, layer.Weight, layer.Bias!]);
    }

    [Fact]
    public void LargeBiasedForwardAndGradientsMatchPlainLoops()
    {
        // Big enough for the packed, k-sliced GEMM path that accumulates onto the bias.
        const int m = 37, k = 300, n = 70;
        var generator = new Generator(11);
        var layer = new Linear(k, n, dtype: DType.Float64, generator: generator);
        var x = Tensor.Rand(new Shape(m, k), DType.Float64, generator).RequiresGrad_();
        var y = layer.Call(x);
        var dy = Tensor.Rand(new Shape(m, n), DType.Float64, generator);
        (y * dy).Sum().Backward();

        double[] xs = x.ToArray<double>(), w = layer.Weight.ToArray<double>(), b = layer.Bias!.ToArray<double>(), g = dy.ToArray<double>();
        var expectedY = new double[m * n];
        var expectedDx = new double[m * k];
        var expectedDw = new double[n * k];
        var expectedDb = new double[n];
        for (var i = 0; i < m; i++)
        {
            for (var o = 0; o < n; o++)
            {
                var sum = b[o];
                for (var j = 0; j < k; j++)
                {
                    sum += xs[i * k + j] * w[o * k + j];
                    expectedDx[i * k + j] += g[i * n + o] * w[o * k + j];
                    expectedDw[o * k + j] += g[i * n + o] * xs[i * k + j];
                }

                expectedY[i * n + o] = sum;
                expectedDb[o] += g[i * n + o];
            }
        }

        NnAssert.Close(expectedY, y.ToArray<double>(), 1e-12);
        NnAssert.Close(expectedDx, x.Grad!.ToArray<double>(), 1e-12);
        NnAssert.Close(expectedDw, layer.Weight.Grad!.ToArray<double>(), 1e-12);
        NnAssert.Close(expectedDb, layer.Bias.Grad!.ToArray<double>(), 1e-12);
    }

    [Fact]
    public void MismatchedInputNamesTheShapes()
    {
        var layer = new Linear(3, 2);
        var e = Assert.Throws<ArgumentException>(() => layer.Call(Tensor.Ones(4, 5)));
        Assert.Contains("[4, 5]", e.Message);
        Assert.Contains("[2, 3]", e.Message);
    }
}
