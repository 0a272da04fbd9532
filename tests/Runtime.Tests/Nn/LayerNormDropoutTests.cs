using AutoDiffGen.Nn;

namespace AutoDiffGen.Tests.Nn;

public class LayerNormDropoutTests
{
    [Fact]
    public void LayerNormNormalisesTrailingDimensionsWithBiasedVariance()
    {
        double[] x = [1, 2, 4, -1, 0, 5];
        var y = Functional.LayerNorm(Tensor.FromArray(x, 2, 3), [3], eps: 1e-5).ToArray<double>();
        var expected = new double[6];
        for (var r = 0; r < 2; r++)
        {
            var row = x.Skip(3 * r).Take(3).ToArray();
            var mean = row.Average();
            var variance = row.Select(v => (v - mean) * (v - mean)).Average();
            for (var c = 0; c < 3; c++)
            {
                expected[3 * r + c] = (row[c] - mean) / Math.Sqrt(variance + 1e-5);
            }
        }

        NnAssert.Close(expected, y, 1e-14);
    }

    [Fact]
    public void LayerNormGradientsPassGradCheck()
    {
        var x = NnAssert.Leaf([0.1, -2, 0.5, 1.5, 2, -1, 0.3, 0.7, -0.2, 1, 0, 3], 2, 2, 3);
        var module = new LayerNorm([2, 3], dtype: DType.Float64);
        Init.Uniform_(module.Weight!, 0.5, 1.5, new Generator(1));
        Init.Uniform_(module.Bias!, -1, 1, new Generator(2));
        GradCheck.Check(t => Functional.LayerNorm(t[0], [2, 3], t[1], t[2]), [x, module.Weight!, module.Bias!]);
        Assert.Equal(["weight", "bias"], module.NamedParameters().Select(p => p.Name).ToArray());
    }

    [Fact]
    public void LayerNormRejectsMismatchedShape()
    {
        var e = Assert.Throws<ArgumentException>(() => Functional.LayerNorm(Tensor.Ones(2, 3), [4]));
        Assert.Contains("[2, 3]", e.Message);
    }

    [Fact]
    public void DropoutZeroesAboutPAndScalesSurvivors()
    {
        var x = Tensor.Ones(new Shape(10000), DType.Float64);
        var y = Functional.Dropout(x, 0.3, training: true, new Generator(5)).ToArray<double>();
        var zeros = y.Count(v => v == 0);
        Assert.InRange(zeros, 2800, 3200);
        Assert.All(y.Where(v => v != 0), v => Assert.Equal(1 / 0.7, v));
    }

    [Fact]
    public void DropoutModuleIsIdentityInEvalAndReproducibleWithSeed()
    {
        var x = Tensor.Ones(100);
        var a = new Dropout(0.5, new Generator(11)).Call(x).ToArray<float>();
        var b = new Dropout(0.5, new Generator(11)).Call(x).ToArray<float>();
        Assert.Equal(a, b);
        var dropout = new Dropout(0.5);
        dropout.Eval();
        Assert.Same(x, dropout.Call(x));
    }

    [Fact]
    public void DropoutGradientIsTheMask()
    {
        var x = NnAssert.Leaf(Enumerable.Range(0, 50).Select(i => (double)i).ToArray(), 50);
        var y = Functional.Dropout(x, 0.4, true, new Generator(3));
        y.Sum().Backward();
        var mask = y.ToArray<double>().Select((v, i) => i == 0 ? double.NaN : v / i).ToArray();
        var grad = x.Grad!.ToArray<double>();
        for (var i = 1; i < 50; i++)
        {
            Assert.Equal(mask[i], grad[i], 12);
        }
    }

    [Fact]
    public void DropoutWithPOneZeroesEverything()
        => Assert.All(Functional.Dropout(Tensor.Ones(20), 1.0).ToArray<float>(), v => Assert.Equal(0f, v));
}
