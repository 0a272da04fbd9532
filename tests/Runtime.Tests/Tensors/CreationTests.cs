namespace AutoDiffGen.Tests.Tensors;

public class CreationTests
{
    [Fact]
    public void FromArrayOneDimensional()
    {
        var t = Tensor.FromArray(new float[] { 1, 2, 3 });
        Assert.Equal(new Shape(3), t.Shape);
        Assert.Equal(DType.Float32, t.DType);
        Assert.Equal(new float[] { 1, 2, 3 }, t.ToArray<float>());
        Assert.Equal(new Shape(3, 1), Tensor.FromArray(new float[] { 1, 2, 3 }, 3, 1).Shape);
    }

    [Fact]
    public void FromArrayCopiesTheData()
    {
        var data = new double[] { 1, 2 };
        var t = Tensor.FromArray(data);
        data[0] = 99;
        Assert.Equal(new double[] { 1, 2 }, t.ToArray<double>());
    }

    [Fact]
    public void FromArrayTwoDimensionalKeepsRowMajorOrder()
    {
        var t = Tensor.FromArray(new float[,] { { 1, 2, 3 }, { 4, 5, 6 } });
        Assert.Equal(new Shape(2, 3), t.Shape);
        Assert.Equal(DType.Float32, t.DType);
        Assert.Equal(new float[] { 1, 2, 3, 4, 5, 6 }, t.ToArray<float>());
        Assert.Equal(6f, t[1, 2].Item<float>());
    }

    [Fact]
    public void FromArrayThreeDimensionalAndOtherElementTypes()
    {
        var cube = new double[2, 3, 4];
        for (var i = 0; i < 2; i++)
        {
            for (var j = 0; j < 3; j++)
            {
                for (var k = 0; k < 4; k++)
                {
                    cube[i, j, k] = 100 * i + 10 * j + k;
                }
            }
        }

        var t = Tensor.FromArray(cube);
        Assert.Equal(new Shape(2, 3, 4), t.Shape);
        Assert.Equal(DType.Float64, t.DType);
        Assert.Equal(123, t[1, 2, 3].Item<double>());
        Assert.Equal(21, t[0, 2, 1].Item<double>());

        Assert.Equal(DType.Int64, Tensor.FromArray(new long[,] { { 1, 2 } }).DType);
        var mask = Tensor.FromArray(new bool[,] { { true }, { false } });
        Assert.Equal(DType.Bool, mask.DType);
        Assert.Equal(new[] { true, false }, mask.ToArray<bool>());
    }

    [Fact]
    public void FromArrayErrors()
    {
        Assert.Contains("needs 4 elements but 3 were given", Assert.Throws<ArgumentException>(() => Tensor.FromArray(new float[] { 1, 2, 3 }, 2, 2)).Message);
        Assert.Contains("not supported", Assert.Throws<ArgumentException>(() => Tensor.FromArray(new int[,] { { 1 } })).Message);
        Assert.Throws<ArgumentException>(() => Tensor.FromArray(new float[] { 1 }, -1));
    }

    [Fact]
    public void ZerosOnesFullAndScalar()
    {
        var z = Tensor.Zeros(2, 3);
        Assert.Equal(new Shape(2, 3), z.Shape);
        Assert.Equal(DType.Float32, z.DType);
        Assert.All(z.ToArray<float>(), v => Assert.Equal(0f, v));
        Assert.All(Tensor.Ones(4).ToArray<float>(), v => Assert.Equal(1f, v));
        Assert.All(Tensor.Ones(new Shape(2), DType.Float64).ToArray<double>(), v => Assert.Equal(1.0, v));
        Assert.All(Tensor.Full(new Shape(2, 2), 2.5, DType.Float64).ToArray<double>(), v => Assert.Equal(2.5, v));
        Assert.Equal(new long[] { 7, 7 }, Tensor.Full(new Shape(2), 7, DType.Int64).ToArray<long>());
        Assert.Equal(new[] { true, true }, Tensor.Full(new Shape(2), 1, DType.Bool).ToArray<bool>());
        Assert.Equal(new long[] { 0, 0 }, Tensor.Zeros(new Shape(2), DType.Int64).ToArray<long>());

        var s = Tensor.Scalar(3.5);
        Assert.Equal(0, s.Rank);
        Assert.Equal(1, s.NumElements);
        Assert.Equal(3.5, s.Item<double>());
        Assert.Equal(DType.Float32, Tensor.Scalar(1f).DType);
    }

    [Fact]
    public void EmptyTensorsAreContiguous()
    {
        var empty = Tensor.Zeros(3, 0);
        Assert.Equal(0, empty.NumElements);
        Assert.True(empty.IsContiguous);
        Assert.Empty(empty.ToArray<float>());
    }

    [Fact]
    public void Arange()
    {
        Assert.Equal(new float[] { 0, 1, 2, 3, 4 }, Tensor.Arange(5, DType.Float32).ToArray<float>());

        // As in PyTorch: integer arguments give int64, a floating-point argument float32.
        Assert.Equal(DType.Int64, Tensor.Arange(5).DType);
        Assert.Equal(new long[] { 0, 1, 2, 3, 4 }, Tensor.Arange(5).ToArray<long>());
        Assert.Equal(new long[] { 2, 5, 8 }, Tensor.Arange(2, 10, 3).ToArray<long>());
        Assert.Equal(DType.Float32, Tensor.Arange(5.0).DType);
        Assert.Equal(new float[] { 0, 0.5f, 1, 1.5f }, Tensor.Arange(0, 2, 0.5).ToArray<float>());
        Assert.Equal(DType.Float32, Tensor.Arange(0.0, 3).DType);
        Assert.Equal(new[] { 1, 1.25, 1.5, 1.75 }, Tensor.Arange(1, 2, 0.25, DType.Float64).ToArray<double>());
        Assert.Equal(new long[] { 5, 3, 1 }, Tensor.Arange(5, 0, -2, DType.Int64).ToArray<long>());
        Assert.Equal(0, Tensor.Arange(3, 3).NumElements);
        Assert.Throws<ArgumentException>(() => Tensor.Arange(0, 1, 0));
        Assert.Contains("not reachable", Assert.Throws<ArgumentException>(() => Tensor.Arange(0, 5, -1)).Message);
    }

    [Fact]
    public void Linspace()
    {
        Assert.Equal(new[] { 0, 0.25, 0.5, 0.75, 1 }, Tensor.Linspace(0, 1, 5, DType.Float64).ToArray<double>());
        Assert.Equal(new[] { -1.0 }, Tensor.Linspace(-1, 1, 1, DType.Float64).ToArray<double>());
        Assert.Equal(0, Tensor.Linspace(0, 1, 0).NumElements);
        var values = Tensor.Linspace(0, 0.3, 4, DType.Float64).ToArray<double>();
        Assert.Equal(0.3, values[^1]);
        Assert.Equal(0.1, values[1], 15);
    }

    [Fact]
    public void Eye()
    {
        Assert.Equal(new float[] { 1, 0, 0, 0, 1, 0, 0, 0, 1 }, Tensor.Eye(3).ToArray<float>());
        var wide = Tensor.Eye(2, 3, DType.Float64);
        Assert.Equal(new Shape(2, 3), wide.Shape);
        Assert.Equal(new double[] { 1, 0, 0, 0, 1, 0 }, wide.ToArray<double>());
    }

    [Fact]
    public void RandIsInTheUnitInterval()
    {
        var g = new Generator(7);
        var values = Tensor.Rand(new Shape(10_000), DType.Float64, g).ToArray<double>();
        Assert.All(values, v => Assert.InRange(v, 0.0, 0.9999999999999999));
        Assert.InRange(values.Average(), 0.49, 0.51);
        var floats = Tensor.Rand(new Shape(10_000), DType.Float32, g).ToArray<float>();
        Assert.All(floats, v => Assert.True(v >= 0f && v < 1f));
        Assert.Contains("floating-point", Assert.Throws<ArgumentException>(() => Tensor.Rand(new Shape(2), DType.Int64)).Message);
    }

    [Fact]
    public void RandnHasZeroMeanAndUnitStd()
    {
        var values = Tensor.Randn(new Shape(100_000), DType.Float64, new Generator(11)).ToArray<double>();
        var mean = values.Average();
        var std = Math.Sqrt(values.Select(v => (v - mean) * (v - mean)).Sum() / (values.Length - 1));

        // The standard error of the mean is 1/sqrt(100 000) ≈ 0.003, of the std ≈ 0.002: these bounds are several of them.
        Assert.InRange(mean, -0.015, 0.015);
        Assert.InRange(std, 0.99, 1.01);
        var beyondTwoSigma = values.Count(v => Math.Abs(v) > 2) / (double)values.Length;
        Assert.InRange(beyondTwoSigma, 0.040, 0.051); // 4.55 % for a normal distribution
    }

    [Fact]
    public void RandintCoversExactlyTheHalfOpenRange()
    {
        var values = Tensor.Randint(-2, 3, new Shape(10_000), generator: new Generator(3)).ToArray<long>();
        Assert.All(values, v => Assert.InRange(v, -2, 2));
        Assert.Equal(new long[] { -2, -1, 0, 1, 2 }, values.Distinct().Order());
        Assert.Equal(DType.Int64, Tensor.Randint(0, 2, new Shape(1)).DType);
        Assert.Throws<ArgumentException>(() => Tensor.Randint(3, 3, new Shape(1)));
    }

    [Fact]
    public void GeneratorsWithTheSameSeedGiveTheSameSequence()
    {
        var a = Tensor.Randn(new Shape(50), DType.Float64, new Generator(5)).ToArray<double>();
        var b = Tensor.Randn(new Shape(50), DType.Float64, new Generator(5)).ToArray<double>();
        var c = Tensor.Randn(new Shape(50), DType.Float64, new Generator(6)).ToArray<double>();
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
        var g = new Generator(5);
        var first = Tensor.Rand(new Shape(4), DType.Float64, g).ToArray<double>();
        g.ManualSeed(5);
        Assert.Equal(first, Tensor.Rand(new Shape(4), DType.Float64, g).ToArray<double>());
    }

    [Fact]
    public void LikeFunctionsCopyShapeAndDType()
    {
        var source = Tensor.FromArray(new double[] { 1, 2, 3, 4, 5, 6 }, 2, 3);
        foreach (var like in new[] { Tensor.ZerosLike(source), Tensor.OnesLike(source), Tensor.FullLike(source, 4), Tensor.RandLike(source), Tensor.RandnLike(source) })
        {
            Assert.Equal(source.Shape, like.Shape);
            Assert.Equal(DType.Float64, like.DType);
            Assert.False(like.RequiresGrad);
        }

        Assert.All(Tensor.ZerosLike(source).ToArray<double>(), v => Assert.Equal(0, v));
        Assert.All(Tensor.OnesLike(source).ToArray<double>(), v => Assert.Equal(1, v));
        Assert.All(Tensor.FullLike(source, 4).ToArray<double>(), v => Assert.Equal(4, v));
        Assert.Equal(DType.Int64, Tensor.ZerosLike(Tensor.FromArray(new long[] { 1 })).DType);
    }

    [Fact]
    public void RandpermIsAPermutation()
    {
        var p = Tensor.Randperm(20, new Generator(9)).ToArray<long>();
        Assert.Equal(Enumerable.Range(0, 20).Select(i => (long)i), p.Order());
    }
}

/// <summary>Tests that reseed the process-wide default generator, run alone so no other test draws from it meanwhile.</summary>
[CollectionDefinition(nameof(DefaultGeneratorCollection), DisableParallelization = true)]
public sealed class DefaultGeneratorCollection
{
}

[Collection(nameof(DefaultGeneratorCollection))]
public class ManualSeedTests
{
    [Fact]
    public void ManualSeedMakesDefaultGeneratorRunsReproducible()
    {
        Tensor.ManualSeed(42);
        var a = Tensor.Rand(100).ToArray<float>();
        var b = Tensor.Randn(100).ToArray<float>();
        var c = Tensor.Randint(0, 1000, new Shape(100)).ToArray<long>();
        Tensor.ManualSeed(42);
        Assert.Equal(a, Tensor.Rand(100).ToArray<float>());
        Assert.Equal(b, Tensor.Randn(100).ToArray<float>());
        Assert.Equal(c, Tensor.Randint(0, 1000, new Shape(100)).ToArray<long>());
        Tensor.ManualSeed(43);
        Assert.NotEqual(a, Tensor.Rand(100).ToArray<float>());
    }
}
