using static AutoDiffGen.Tests.ShapeOps.ShapeTestData;

namespace AutoDiffGen.Tests.Indexing;

public class NarrowSelectTests
{
    [Fact]
    public void NarrowTakesAWindowOfOneDimension()
    {
        var x = Seq(3, 4);
        var w = x.Narrow(1, 1, 2);
        Assert.Equal(new Shape(3, 2), w.Shape);
        Assert.Equal(new double[] { 1, 2, 5, 6, 9, 10 }, w.ToArray<double>());
        Assert.Equal(new double[] { 8, 9, 10, 11 }, x.Narrow(0, -1, 1).ToArray<double>());
        Assert.Equal(new Shape(3, 0), x.Narrow(1, 4, 0).Shape);
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
        Assert.Equal(new Shape(2, 4), s.Shape);
        Assert.Equal(new double[] { 8, 9, 10, 11, 20, 21, 22, 23 }, s.ToArray<double>());
        Assert.Equal(x.Select(2, -1).ToArray<double>(), x[.., .., 3].ToArray<double>());
        Assert.Contains("Select: index 3 is out of bounds for dimension 1 with size 3", Assert.Throws<ArgumentOutOfRangeException>(() => x.Select(1, 3)).Message);
    }

    [Fact]
    public void GradientsLandInTheWindow()
    {
        var x = Seq(3, 4).RequiresGrad_();
        x.Narrow(1, -2, 2).Backward(Tensor.FromArray(new double[] { 1, 2, 3, 4, 5, 6 }, 3, 2));
        Assert.Equal(new double[] { 0, 0, 1, 2, 0, 0, 3, 4, 0, 0, 5, 6 }, x.Grad!.ToArray<double>());

        var y = Seq(2, 3).RequiresGrad_();
        y.Select(1, -1).Backward(Tensor.FromArray(new double[] { 7, 8 }));
        Assert.Equal(new double[] { 0, 0, 7, 0, 0, 8 }, y.Grad!.ToArray<double>());

        // The rules on their own, as the source generator will call them.
        Assert.Equal(new double[] { 0, 1, 1, 0 }, Tensor.NarrowBackward(Tensor.Ones(new Shape(2), DType.Float64), Seq(4), 0, 1, 2).ToArray<double>());
        Assert.Equal(new double[] { 0, 5, 0 }, Tensor.SelectBackward(Tensor.Scalar(5.0), Seq(3), 0, -2).ToArray<double>());
    }
}
