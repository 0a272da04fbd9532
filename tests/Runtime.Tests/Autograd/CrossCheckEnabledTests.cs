using AutoDiffGen.Nn;

namespace AutoDiffGen.Tests.Autograd;

/// <summary>The process-wide switch reaches every thread; it runs alone so no other test is cross-checked meanwhile.</summary>
[Collection(nameof(CrossCheckEnabledTests))]
public class CrossCheckEnabledTests
{
    [Fact]
    public void EnabledTurnsCrossCheckOnForEveryThread()
    {
        var x = Tensor.Randn(new Shape(2, 5), DType.Float64, new Generator(9)).RequiresGrad_();
        var previous = CrossCheck.Enabled;
        try
        {
            CrossCheck.Enabled = true;
            var elsewhere = false;
            var thread = new Thread(() => elsewhere = CrossCheck.IsActive);
            thread.Start();
            thread.Join();
            Assert.True(elsewhere);

            var before = CrossCheck.NodesCheckedOnThisThread;
            Functional.Softmax(x, 1).Sum().Backward();
            Assert.Equal(before + 1, CrossCheck.NodesCheckedOnThisThread);
        }
        finally
        {
            CrossCheck.Enabled = previous;
        }

        Assert.Equal(previous, CrossCheck.IsActive);
    }

    [Theory]
    [InlineData("1", true)]
    [InlineData(" TRUE ", true)]
    [InlineData("true", true)]
    [InlineData("0", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void TheEnvironmentVariableIsReadAsOneOrTrue(string? value, bool on) => Assert.Equal(on, CrossCheck.IsSwitchedOn(value));
}

[CollectionDefinition(nameof(CrossCheckEnabledTests), DisableParallelization = true)]
public sealed class CrossCheckEnabledCollection
{
}
