using static AutoDiffGen.Tests.ShapeOps.ShapeTestData;

namespace AutoDiffGen.Tests.Indexing;

public class GatherTests
{
    [Fact]
    public void GathersAlongDimensionOne()
    {
        // x[i, j] = 3i + j; result[i, k] = x[i, index[i, k]].
        var x = Seq(2, 3);
        var result = x.Gather(1, Longs([2, 0, 1, 1], 2, 2));
        Assert.Equal(new Shape(2, 2), result.Shape);
        Assert.Equal(new double[] { 2, 0, 4, 4 }, result.ToArray<double>());
    }

    [Fact]
    public void GathersAlongDimensionZeroWithASmallerIndex()
    {
        // result[k, j] = x[index[k, j], j], with the index narrower than x in dimension 1 (allowed, as in PyTorch).
        var x = Seq(3, 4);
        var result = x.Gather(0, Longs([2, 0, 1, 2, 1, 0], 3, 2));
        Assert.Equal(new double[] { 8, 1, 4, 9, 4, 1 }, result.ToArray<double>());
    }

    [Fact]
    public void PicksClassScoresLikeCrossEntropy()
    {
        var logits = Tensor.FromArray(new double[] { 0.1, 0.7, 0.2, 0.5, 0.3, 0.2 }, 2, 3);
        var targets = Longs([1, 0], 2, 1);
        Assert.Equal(new double[] { 0.7, 0.5 }, logits.Gather(1, targets).ToArray<double>());
    }

    [Fact]
    public void BadIndicesAreClearErrors()
    {
        var x = Seq(2, 3);
        Assert.Contains("Gather: index 3 is out of bounds for dimension 1 with size 3", Assert.Throws<ArgumentOutOfRangeException>(() => x.Gather(1, Longs([0, 3], 2, 1))).Message);
        Assert.Contains("same number of dimensions", Assert.Throws<ArgumentException>(() => x.Gather(1, Longs([0, 1]))).Message);
        Assert.Contains("larger than size of self [2, 3] in dimension 0", Assert.Throws<ArgumentException>(() => x.Gather(1, Longs([0, 0, 0], 3, 1))).Message);
    }

    [Fact]
    public void GradientScattersBackWithRepeatsAccumulating()
    {
        var x = Seq(2, 3).RequiresGrad_();
        x.Gather(1, Longs([2, 2, 0, 1], 2, 2)).Sum().Backward();
        Assert.Equal(new double[] { 0, 0, 2, 1, 1, 0 }, x.Grad!.ToArray<double>());
    }

    [Fact]
    public void GradCheck()
    {
        var index = Longs([2, 0, 1, 1, 0, 2, 2, 2], 2, 2, 2);
        AutoDiffGen.GradCheck.Check(i => i[0].Gather(2, index), [Random(10, 2, 3, 3)]);
        AutoDiffGen.GradCheck.Check(i => i[0].Gather(0, Longs([1, 0, 1, 1], 2, 2)), [Random(11, 2, 3)]);
        AutoDiffGen.GradCheck.Check(GradOfCubeSum(x => x.Gather(1, Longs([1, 1, 0], 1, 3))), [Random(12, 2, 3)]);
    }
}
