using static AutoDiffGen.Tests.Shape.ShapeTestData;

namespace AutoDiffGen.Tests.Indexing;

public class NarrowSelectTests
{
    [Fact]
    public void NarrowTakesAWindowOfOneDimension()
    {
        var x = Seq(3, 4);
        var w = x.Narrow(1, 1, 2);
        Assert.Equal(new AutoDiffGen.Shape(3, 2), w.Shape);
        Assert.Equal(new double[] { 1, 2, 5, 6, 9, 10 }, w.ToArray<double>());
        Assert.Equal(new double[] { 8, 9, 10, 11 }, x.Narrow(0, -1, 1).ToArray<double>());
        Assert.Equal(new AutoDiffGen.Shape(3, 0), x.Narrow(1, 4, 0).Shape);
    }

    [Fact]
    public void NarrowOutOfRangeIsAClearError()
    {
        var x = Seq(3, 4);
        Assert.Contains("start (3) + length (2) exceeds dimension 1 of size 4", Assert.Throws<ArgumentOutOfRangeException>(() => x.Narrow(1, 3, 2)).Message);
        Assert.Contains("start 5 is out of bounds for dimension 0 with size 3", Assert.Throws<ArgumentOutOfRangeException>(() => x.Narrow(0, 5, 0)).Message);
        Assert.Contains("Dimension out of range", Assert.Throws<ArgumentOutOfRangeException>(() => x.Narrow(2, 0, 1)).Message);
    }

    [Fact]
    public void SelectRemovesTheDimension()
    {
        var x = Seq(2, 3, 4);
        var s = x.Select(1, 2);
        Assert.Equal(new AutoDiffGen.Shape(2, 4), s.Shape);
        Assert.Equal(new double[] { 8, 9, 10, 11, 20, 21, 22, 23 }, s.ToArray<double>());
        Assert.Equal(x.Select(2, -1).ToArray<double>(), x[.., .., 3].ToArray<double>());
        Assert.Contains("Select: index 3 is out of bounds for dimension 1 with size 3", Assert.Throws<ArgumentOutOfRangeException>(() => x.Select(1, 3)).Message);
    }

    [Fact]
    public void GradientRulesMatchTheTape()
    {
        var x = Random(3, 3, 4);
        var grad = Random(4, 3, 2).Detach();
        var narrowRule = Tensor.NarrowBackward(grad, x, 1, -2, 2);
        Assert.Equal(new double[] { 0, 0, 1, 1 }, Tensor.NarrowBackward(Tensor.Ones(new AutoDiffGen.Shape(1, 2), DType.Float64), Seq(1, 4), 1, -2, 2).ToArray<double>());
        x.Narrow(1, -2, 2).Backward(grad);
        Assert.Equal(narrowRule.ToArray<double>(), x.Grad!.ToArray<double>());
    }
}
