using static AutoDiffGen.Tests.ShapeOps.ShapeTestData;

namespace AutoDiffGen.Tests.Indexing;

public class IndexAddTests
{
    [Fact]
    public void AddsSlicesAtIndicesAndAccumulatesRepeats()
    {
        var self = Tensor.Ones(new Shape(3, 2), DType.Float64);
        var source = Seq(3, 2); // rows [0,1], [2,3], [4,5]
        var result = self.IndexAdd(0, Longs([2, 0, 2]), source);
        Assert.Equal(new double[] { 1 + 2, 1 + 3, 1, 1, 1 + 0 + 4, 1 + 1 + 5 }, result.ToArray<double>());
        Assert.Equal(new double[] { 1, 1, 1, 1, 1, 1 }, self.ToArray<double>());
    }

    [Fact]
    public void ShapeMismatchNamesTheExpectedShape()
    {
        var e = Assert.Throws<ArgumentException>(() => Seq(3, 2).IndexAdd(0, Longs([0]), Seq(2, 2)));
        Assert.Contains("expected [1, 2]", e.Message);
    }

    [Fact]
    public void GradCheckInSelfAndSource()
    {
        AutoDiffGen.GradCheck.Check(i => i[0].IndexAdd(1, Longs([2, 0, 2]), i[1]), [Random(7, 2, 3), Random(8, 2, 3)]);
        AutoDiffGen.GradCheck.Check(GradOfCubeSum(x => x.IndexAdd(0, Longs([1, 1]), x * 2.0)), [Random(9, 2, 2)]);
    }
}
