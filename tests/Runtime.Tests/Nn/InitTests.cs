using AutoDiffGen.Nn;

namespace AutoDiffGen.Tests.Nn;

public class InitTests
{
    [Fact]
    public void CalculateGainMatchesPyTorchTable()
    {
        Assert.Equal(1, Init.CalculateGain(Nonlinearity.Linear));
        Assert.Equal(1, Init.CalculateGain(Nonlinearity.Sigmoid));
        Assert.Equal(5.0 / 3, Init.CalculateGain(Nonlinearity.Tanh));
        Assert.Equal(Math.Sqrt(2), Init.CalculateGain(Nonlinearity.ReLU));
        Assert.Equal(Math.Sqrt(2 / (1 + 0.01 * 0.01)), Init.CalculateGain(Nonlinearity.LeakyReLU));
        Assert.Equal(Math.Sqrt(2 / (1 + 0.2 * 0.2)), Init.CalculateGain(Nonlinearity.LeakyReLU, 0.2));
        Assert.Equal(0.75, Init.CalculateGain(Nonlinearity.SELU));
    }

    [Fact]
    public void FansIncludeTheReceptiveField()
    {
        Assert.Equal((3 * 5 * 5, 8 * 5 * 5), Init.CalculateFanInAndFanOut(Tensor.Zeros(8, 3, 5, 5)));
        Assert.Equal((7, 2), Init.CalculateFanInAndFanOut(Tensor.Zeros(2, 7)));
        Assert.Throws<ArgumentException>(() => Init.CalculateFanInAndFanOut(Tensor.Zeros(4)));
    }

    [Fact]
    public void XavierUniformBoundIsGainTimesSqrtSixOverFanSum()
    {
        var t = Init.XavierUniform_(Tensor.Zeros(new Shape(200, 100), DType.Float64), gain: 2, generator: new Generator(1)).ToDoubleArray();
        var bound = 2 * Math.Sqrt(6.0 / 300);
        Assert.All(t, v => Assert.InRange(v, -bound, bound));
        Assert.True(t.Max() > 0.99 * bound);
    }

    [Fact]
    public void KaimingUniformReluBoundUsesFanOutWhenAsked()
    {
        var t = Init.KaimingUniform_(Tensor.Zeros(new Shape(50, 400), DType.Float64), mode: FanMode.FanOut,
            nonlinearity: Nonlinearity.ReLU, generator: new Generator(2)).ToDoubleArray();
        var bound = Math.Sqrt(3) * Math.Sqrt(2) / Math.Sqrt(50);
        Assert.All(t, v => Assert.InRange(v, -bound, bound));
        Assert.True(t.Max() > 0.99 * bound);
    }

    [Theory]
    [InlineData(FanMode.FanIn)]
    [InlineData(FanMode.FanOut)]
    public void NormalInitialisersHaveTheirStandardDeviation(FanMode mode)
    {
        var shape = new Shape(200, 300);
        var kaiming = Init.KaimingNormal_(Tensor.Zeros(shape, DType.Float64), mode: mode, nonlinearity: Nonlinearity.ReLU, generator: new Generator(3));
        var fan = mode == FanMode.FanIn ? 300 : 200;
        AssertStd(Math.Sqrt(2) / Math.Sqrt(fan), kaiming.ToDoubleArray());

        var xavier = Init.XavierNormal_(Tensor.Zeros(shape, DType.Float64), generator: new Generator(4));
        AssertStd(Math.Sqrt(2.0 / 500), xavier.ToDoubleArray());

        var normal = Init.Normal_(Tensor.Zeros(shape, DType.Float64), mean: 3, std: 0.5, generator: new Generator(5)).ToDoubleArray();
        Assert.InRange(normal.Average(), 2.99, 3.01);
    }

    [Fact]
    public void ConstantFillsWriteEveryElement()
    {
        Assert.All(Init.Constant_(Tensor.Zeros(2, 3), 1.5).ToArray<float>(), v => Assert.Equal(1.5f, v));
        Assert.All(Init.Ones_(Tensor.Zeros(4)).ToArray<float>(), v => Assert.Equal(1f, v));
        Assert.All(Init.Zeros_(Tensor.Ones(4)).ToArray<float>(), v => Assert.Equal(0f, v));
        var u = Init.Uniform_(Tensor.Zeros(1000), -2, -1, new Generator(9)).ToArray<float>();
        Assert.All(u, v => Assert.InRange(v, -2f, -1f));
    }

    [Fact]
    public void InitOnParameterIsNotRecorded()
    {
        var layer = new Linear(2, 2);
        Init.Ones_(layer.Weight);
        Assert.True(layer.Weight.IsLeaf);
        Assert.True(layer.Weight.RequiresGrad);
    }

    private static void AssertStd(double expected, double[] values)
    {
        var mean = values.Average();
        var std = Math.Sqrt(values.Select(v => (v - mean) * (v - mean)).Average());
        Assert.InRange(std, 0.97 * expected, 1.03 * expected);
    }
}
