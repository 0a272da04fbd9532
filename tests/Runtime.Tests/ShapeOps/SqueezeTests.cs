using static AutoDiffGen.Tests.ShapeOps.ShapeTestData;

namespace AutoDiffGen.Tests.ShapeOps;

public class SqueezeTests
{
    [Fact]
    public void SqueezeRemovesEverySizeOneDimension()
    {
        var x = Seq(1, 3, 1, 2);
        var s = x.Squeeze();
        Assert.Equal(new Shape(3, 2), s.Shape);
        Assert.Equal(x.ToArray<double>(), s.ToArray<double>());
        Assert.Same(x.Storage, s.Storage);
        Assert.Equal(0, Seq(1, 1).Squeeze().Rank);
    }

    [Fact]
    public void SqueezeOneDimensionKeepsOthersAndIgnoresNonUnitSizes()
    {
        var x = Seq(1, 3, 1, 2);
        Assert.Equal(new Shape(1, 3, 2), x.Squeeze(2).Shape);
        Assert.Equal(new Shape(3, 1, 2), x.Squeeze(-4).Shape);
        Assert.Same(x, x.Squeeze(1));
        Assert.Equal(new Shape(3, 2), x.Squeeze([0, 2, 3]).Shape);
        Assert.Contains("Dimension out of range", Assert.Throws<ArgumentOutOfRangeException>(() => x.Squeeze(4)).Message);
    }

    [Fact]
    public void UnsqueezeInsertsAUnitDimensionAnywhere()
    {
        var x = Seq(2, 3);
        Assert.Equal(new Shape(1, 2, 3), x.Unsqueeze(0).Shape);
        Assert.Equal(new Shape(2, 1, 3), x.Unsqueeze(1).Shape);
        Assert.Equal(new Shape(2, 3, 1), x.Unsqueeze(2).Shape);
        Assert.Equal(new Shape(2, 3, 1), x.Unsqueeze(-1).Shape);
        Assert.Equal(new Shape(1, 2, 3), x.Unsqueeze(-3).Shape);
        Assert.Equal(new Shape(1), Tensor.Scalar(5.0).Unsqueeze(0).Shape);
        Assert.True(x.Unsqueeze(1).IsContiguous);
        Assert.Same(x.Storage, x.Unsqueeze(1).Storage);
        Assert.Throws<ArgumentOutOfRangeException>(() => x.Unsqueeze(3));
    }

    [Fact]
    public void UnsqueezeOfATransposedViewKeepsItsValues()
    {
        var t = Seq(2, 3).T.Unsqueeze(1); // [3, 1, 2]
        Assert.Equal(new double[] { 0, 3, 1, 4, 2, 5 }, t.ToArray<double>());
        Assert.Equal(new double[] { 0, 3, 1, 4, 2, 5 }, t.Squeeze(1).ToArray<double>());
    }

    [Fact]
    public void UnsqueezeThenBroadcastGivesAnOuterProduct()
    {
        var a = Tensor.FromArray(new double[] { 1, 2 });
        var b = Tensor.FromArray(new double[] { 3, 4, 5 });
        Assert.Equal(new double[] { 3, 4, 5, 6, 8, 10 }, (a.Unsqueeze(1) * b.Unsqueeze(0)).ToArray<double>());
    }

    [Fact]
    public void GradCheck()
    {
        AutoDiffGen.GradCheck.Check(i => i[0].Squeeze(), [Random(21, 1, 3, 1)]);
        AutoDiffGen.GradCheck.Check(i => i[0].Squeeze(2), [Random(22, 2, 3, 1)]);
        AutoDiffGen.GradCheck.Check(i => i[0].T.Unsqueeze(1), [Random(23, 2, 3)]);
        AutoDiffGen.GradCheck.Check(GradOfCubeSum(x => x.Unsqueeze(0).Squeeze()), [Random(24, 2, 1)]);
    }
}
