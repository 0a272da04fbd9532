using AutoDiffGen.Nn;

namespace AutoDiffGen.Tests.Nn.Convolution;

/// <summary>The conv-family modules: PyTorch's parameter names, shapes and default initialisation bounds.</summary>
public class ConvolutionModuleTests
{
    [Fact]
    public void Conv2dHasPyTorchsParameterNamesShapesAndInitBounds()
    {
        var conv = new Conv2d(6, 16, 5, generator: new Generator(1));
        Assert.Equal(["weight", "bias"], conv.NamedParameters().Select(p => p.Name).ToArray());
        Assert.Equal([16, 6, 5, 5], conv.Weight.Shape.ToArray());
        Assert.Equal([16], conv.Bias!.Shape.ToArray());

        // kaiming_uniform(a = √5) and the bias both give U(−1/√fan_in, 1/√fan_in) with fan_in = 6·5·5.
        var bound = 1 / Math.Sqrt(150);
        Assert.All(conv.Weight.ToDoubleArray(), v => Assert.InRange(v, -bound, bound));
        Assert.All(conv.Bias.ToDoubleArray(), v => Assert.InRange(v, -bound, bound));
        Assert.True(conv.Weight.ToDoubleArray().Max() > 0.8 * bound, "the weights should fill the range");
    }

    [Fact]
    public void DepthwiseConvAndTransposedConvWeightShapes()
    {
        Assert.Equal([8, 1, 3, 3], new Conv2d(8, 8, 3, groups: 8, bias: false).Weight.Shape.ToArray());
        Assert.Equal([4, 3, 2, 2], new ConvTranspose2d(4, 6, 2, groups: 2).Weight.Shape.ToArray());
        Assert.Equal([3, 5, 4], new Conv1d(5, 3, 4).Weight.Shape.ToArray());
        Assert.Null(new Conv1d(5, 3, 4, bias: false).Bias);
    }

    [Theory]
    [InlineData(PaddingMode.Reflect, PadMode.Reflect)]
    [InlineData(PaddingMode.Replicate, PadMode.Replicate)]
    [InlineData(PaddingMode.Circular, PadMode.Circular)]
    public void PaddingModesPadThenConvolve(PaddingMode mode, PadMode padMode)
    {
        var conv = new Conv2d(2, 3, (3, 2), padding: (1, 2), paddingMode: mode, dtype: DType.Float64, generator: new Generator(2));
        var x = Tensor.Zeros(new Shape(2, 2, 5, 6), DType.Float64);
        Init.Normal_(x, generator: new Generator(3));
        var expected = Functional.Conv2d(Functional.Pad(x, [2, 2, 1, 1], padMode), conv.Weight, conv.Bias);
        Assert.Equal(expected.ToDoubleArray(), conv.Call(x).ToDoubleArray());
    }

    [Fact]
    public void Conv1dSamePaddingKeepsTheLength()
    {
        var conv = new Conv1d(2, 4, 4, padding: "same", paddingMode: PaddingMode.Reflect);
        Assert.Equal([3, 4, 9], conv.Call(Tensor.Ones(3, 2, 9)).Shape.ToArray());
    }

    [Fact]
    public void Dropout2dZeroesWholeChannels()
    {
        var y = Functional.Dropout2d(Tensor.Ones(new Shape(20, 10, 3, 3), DType.Float64), 0.5, generator: new Generator(4));
        var values = y.Reshape(200, 9).ToArray<double>();
        for (int c = 0; c < 200; c++)
        {
            var channel = values.Skip(9 * c).Take(9).Distinct().ToArray();
            Assert.Single(channel);
            Assert.Contains(channel[0], new[] { 0.0, 2.0 });
        }

        Assert.InRange(values.Count(v => v == 0) / 9, 60, 140);
    }
}
