using AutoDiffGen.Nn;

namespace AutoDiffGen.Tests.Nn.Convolution;

/// <summary>Bad input to the convolution-family layers gets an exception naming the layer, the shapes and what was expected.</summary>
public class ConvolutionErrorTests
{
    private static void Throws(Func<object> call, params string[] fragments)
    {
        var e = Assert.Throws<ArgumentException>(() => call());
        foreach (var fragment in fragments)
        {
            Assert.Contains(fragment, e.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void WrongRank() => Throws(() => Functional.Conv2d(Tensor.Zeros(2, 3, 4), Tensor.Zeros(3, 2, 2)), "Conv2d", "[2, 3, 4]", "[3, 2, 2]", "4-D weight");

    [Fact]
    public void ChannelsThatDoNotMatchTheWeight()
        => Throws(() => new Conv2d(3, 4, 3).Call(Tensor.Zeros(1, 2, 8, 8)), "Conv2d", "2 channels", "expects 3", "[1, 2, 8, 8]", "[4, 3, 3, 3]");

    [Fact]
    public void KernelLargerThanThePaddedInput()
        => Throws(() => Functional.Conv2d(Tensor.Zeros(1, 1, 4, 4), Tensor.Zeros(1, 1, 5, 5), padding: 0), "Conv2d", "5×5", "larger than the padded input", "4×4");

    [Fact]
    public void Conv1dKernelLargerThanTheInput()
        => Throws(() => Functional.Conv1d(Tensor.Zeros(1, 1, 4), Tensor.Zeros(1, 1, 7)), "Conv1d", "size 7", "larger than the padded input (4)", "input [1, 1, 4] and weight [1, 1, 7]");

    [Fact]
    public void GroupsThatDoNotDivideTheChannels()
        => Throws(() => Functional.Conv2d(Tensor.Zeros(1, 4, 5, 5), Tensor.Zeros(3, 2, 3, 3), groups: 2), "Conv2d", "groups = 2", "output channels (3)");

    [Fact]
    public void ModuleGroupsThatDoNotDivideTheChannels() => Throws(() => new Conv2d(3, 6, 3, groups: 2), "Conv2d", "groups = 2", "in_channels (3)");

    [Fact]
    public void BiasOfTheWrongSize() => Throws(() => Functional.Conv2d(Tensor.Zeros(1, 1, 5, 5), Tensor.Zeros(2, 1, 3, 3), Tensor.Zeros(3)), "Conv2d", "bias of shape [3]", "expected [2]");

    [Fact]
    public void SamePaddingWithStride() => Throws(() => Functional.Conv2d(Tensor.Zeros(1, 1, 5, 5), Tensor.Zeros(1, 1, 3, 3), stride: 2, padding: "same"), "Conv2d", "'same'", "stride 2");

    [Fact]
    public void UnknownPaddingString() => Assert.Throws<ArgumentException>(() => Functional.Conv2d(Tensor.Zeros(1, 1, 5, 5), Tensor.Zeros(1, 1, 3, 3), padding: "full"));

    [Fact]
    public void TransposedOutputThatWouldBeEmpty()
        => Throws(() => Functional.ConvTranspose2d(Tensor.Zeros(1, 1, 1, 1), Tensor.Zeros(1, 1, 1, 1), padding: 1), "ConvTranspose2d", "not positive");

    [Fact]
    public void PoolingOutputThatWouldBeEmpty() => Throws(() => Functional.MaxPool2d(Tensor.Zeros(1, 1, 2, 2), 3), "MaxPool2d", "too small", "[1, 1, 2, 2]");

    [Fact]
    public void PoolingPaddingLargerThanHalfTheKernel() => Throws(() => Functional.AvgPool2d(Tensor.Zeros(1, 1, 6, 6), 2, padding: 2), "AvgPool2d", "at most half the kernel");

    [Fact]
    public void PoolingWrongRank() => Throws(() => Functional.MaxPool2d(Tensor.Zeros(6, 6), 2), "MaxPool2d", "[6, 6]", "[N, C, H, W]");

    [Fact]
    public void BatchNormChannelMismatch() => Throws(() => new BatchNorm2d(3).Call(Tensor.Zeros(2, 4, 5, 5)), "BatchNorm2d", "C = 3", "[2, 4, 5, 5]");

    [Fact]
    public void BatchNormSingleValuePerChannelInTraining()
        => Throws(() => Functional.BatchNorm(Tensor.Zeros(1, 3), null, null, training: true), "BatchNorm", "more than 1 value per channel", "[1, 3]");

    [Fact]
    public void GroupNormGroupsThatDoNotDivideTheChannels() => Throws(() => Functional.GroupNorm(Tensor.Zeros(2, 6, 3), 4), "GroupNorm", "num_groups = 4", "6 channels");

    [Fact]
    public void ReflectPaddingAsLargeAsTheInput() => Throws(() => Functional.Pad(Tensor.Zeros(1, 1, 3), [3, 0], PadMode.Reflect), "Pad", "reflect", "size 3");

    [Fact]
    public void FoldWithTheWrongNumberOfBlocks() => Throws(() => Functional.Fold(Tensor.Zeros(1, 4, 5), (3, 3), 2), "Fold", "4 blocks", "has 5");
}
