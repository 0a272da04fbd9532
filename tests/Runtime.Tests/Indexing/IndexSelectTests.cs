using static AutoDiffGen.Tests.ShapeOps.ShapeTestData;

namespace AutoDiffGen.Tests.Indexing;

public class IndexSelectTests
{
    [Fact]
    public void SelectsRowsAndColumnsWithRepeats()
    {
        var x = Seq(3, 4);
        var rows = x.IndexSelect(0, Longs([2, 0, 2]));
        Assert.Equal(new Shape(3, 4), rows.Shape);
        Assert.Equal(new double[] { 8, 9, 10, 11, 0, 1, 2, 3, 8, 9, 10, 11 }, rows.ToArray<double>());
        var cols = x.IndexSelect(-1, Longs([3, 1]));
        Assert.Equal(new double[] { 3, 1, 7, 5, 11, 9 }, cols.ToArray<double>());
        Assert.Equal(new Shape(3, 0), x.IndexSelect(1, Longs([])).Shape);
    }

    [Fact]
    public void WorksOnStridedViewsAndIntegerTensors()
    {
        Assert.Equal(new double[] { 2, 6, 10, 0, 4, 8 }, Seq(3, 4).T.IndexSelect(0, Longs([2, 0])).ToArray<double>());
        Assert.Equal(new long[] { 30, 10 }, Longs([10, 20, 30]).IndexSelect(0, Longs([2, 0])).ToArray<long>());
    }

    [Fact]
    public void BadIndicesAreClearErrors()
    {
        var x = Seq(3, 4);
        Assert.Contains("IndexSelect: index 4 is out of bounds for dimension 1 with size 4", Assert.Throws<ArgumentOutOfRangeException>(() => x.IndexSelect(1, Longs([0, 4]))).Message);
        Assert.Contains("index -1 is out of bounds", Assert.Throws<ArgumentOutOfRangeException>(() => x.IndexSelect(0, Longs([-1]))).Message);
        Assert.Contains("expected an int64 index tensor, got torch.float64", Assert.Throws<ArgumentException>(() => x.IndexSelect(0, Seq(2))).Message);
        Assert.Contains("index must be a 1-D tensor", Assert.Throws<ArgumentException>(() => x.IndexSelect(0, Longs([0, 1], 1, 2))).Message);
    }

    [Fact]
    public void RepeatedIndicesAccumulateInTheGradient()
    {
        var x = Seq(3, 2).RequiresGrad_();
        x.IndexSelect(0, Longs([2, 0, 2])).Sum().Backward();
        Assert.Equal(new double[] { 1, 1, 0, 0, 2, 2 }, x.Grad!.ToArray<double>());
    }

    [Fact]
    public void GradCheck()
    {
        AutoDiffGen.GradCheck.Check(i => i[0].IndexSelect(1, Longs([3, 0, 3, 1])), [Random(5, 2, 4, 3)]);
        AutoDiffGen.GradCheck.Check(GradOfCubeSum(x => x.IndexSelect(0, Longs([1, 1, 0]))), [Random(6, 2, 3)]);
    }
}
