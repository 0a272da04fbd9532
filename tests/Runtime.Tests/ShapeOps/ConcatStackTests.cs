using static AutoDiffGen.Tests.ShapeOps.ShapeTestData;

namespace AutoDiffGen.Tests.ShapeOps;

public class ConcatStackTests
{
    [Fact]
    public void ConcatJoinsAlongRowsAndColumns()
    {
        var a = Seq(2, 2);
        var b = Seq(1, 2) + 10.0;
        var rows = Tensor.Concat([a, b]);
        Assert.Equal(new Shape(3, 2), rows.Shape);
        Assert.Equal(new double[] { 0, 1, 2, 3, 10, 11 }, rows.ToArray<double>());
        var cols = Tensor.Concat([a, Seq(2, 3) + 10.0], dim: -1);
        Assert.Equal(new Shape(2, 5), cols.Shape);
        Assert.Equal(new double[] { 0, 1, 10, 11, 12, 2, 3, 13, 14, 15 }, cols.ToArray<double>());
    }

    [Fact]
    public void ConcatAcceptsViewsAndEmptyPieces()
    {
        var t = Seq(2, 3).T; // [[0, 3], [1, 4], [2, 5]]
        var joined = Tensor.Cat([t, Seq(0, 2), t[..1]]);
        Assert.Equal(new double[] { 0, 3, 1, 4, 2, 5, 0, 3 }, joined.ToArray<double>());
    }

    [Fact]
    public void ConcatPromotesMixedFloatsToFloat64()
    {
        var single = Tensor.FromArray(new float[] { 1.5f }).RequiresGrad_();
        var joined = Tensor.Concat([single, Tensor.FromArray(new double[] { 2.25 })]);
        Assert.Equal(DType.Float64, joined.DType);
        Assert.Equal(new[] { 1.5, 2.25 }, joined.ToArray<double>());
        (joined * 3.0).Sum().Backward();
        Assert.Equal(DType.Float32, single.Grad!.DType);
        Assert.Equal(new float[] { 3 }, single.Grad.ToArray<float>());
    }

    [Fact]
    public void ConcatErrorsNameTheMismatch()
    {
        var e = Assert.Throws<ArgumentException>(() => Tensor.Concat([Seq(2, 3), Seq(2, 4)]));
        Assert.Contains("Expected size 3 but got size 4 for tensor number 1", e.Message);
        Assert.Contains("same number of dimensions", Assert.Throws<ArgumentException>(() => Tensor.Concat([Seq(2, 3), Seq(3)])).Message);
        Assert.Contains("same dtype", Assert.Throws<ArgumentException>(() => Tensor.Concat([Seq(2), Longs([1, 2])])).Message);
        Assert.Contains("non-empty", Assert.Throws<ArgumentException>(() => Tensor.Concat([])).Message);
        Assert.Contains("zero-dimensional", Assert.Throws<ArgumentException>(() => Tensor.Concat([Tensor.Scalar(1.0)])).Message);
    }

    [Fact]
    public void StackAddsANewDimension()
    {
        var a = Seq(2);
        var b = Seq(2) + 5.0;
        var rows = Tensor.Stack([a, b]);
        Assert.Equal(new Shape(2, 2), rows.Shape);
        Assert.Equal(new double[] { 0, 1, 5, 6 }, rows.ToArray<double>());
        var cols = Tensor.Stack([a, b], dim: -1);
        Assert.Equal(new double[] { 0, 5, 1, 6 }, cols.ToArray<double>());
        var scalars = Tensor.Stack([Tensor.Scalar(1.0), Tensor.Scalar(2.0)]);
        Assert.Equal(new Shape(2), scalars.Shape);
        Assert.Contains("expects each tensor to be equal size, but got [2] at entry 0 and [3] at entry 1",
            Assert.Throws<ArgumentException>(() => Tensor.Stack([a, Seq(3)])).Message);
    }

    [Fact]
    public void ConcatGradientGoesToEachPieceAndSkipsConstants()
    {
        var a = Seq(1, 2).RequiresGrad_();
        var constant = Seq(1, 2);
        var b = Seq(2, 2).RequiresGrad_();
        var weights = Tensor.FromArray(new double[] { 1, 2, 3, 4, 5, 6, 7, 8 }, 4, 2);
        (Tensor.Concat([a, constant, b]) * weights).Sum().Backward();
        Assert.Equal(new double[] { 1, 2 }, a.Grad!.ToArray<double>());
        Assert.Equal(new double[] { 5, 6, 7, 8 }, b.Grad!.ToArray<double>());
        Assert.Null(constant.Grad);
    }

    [Fact]
    public void GradCheck()
    {
        AutoDiffGen.GradCheck.Check(i => Tensor.Concat([i[0], i[1], i[0]], 1), [Random(25, 2, 1), Random(26, 2, 3)]);
        AutoDiffGen.GradCheck.Check(i => Tensor.Stack([i[0], i[1]], 1), [Random(27, 2, 3), Random(28, 2, 3)]);
        AutoDiffGen.GradCheck.Check(GradOfCubeSum(x => Tensor.Concat([x, x * 2.0, x[..1]])), [Random(29, 2, 2)]);
        AutoDiffGen.GradCheck.Check(GradOfCubeSum(x => Tensor.Stack([x, x.T], 0)), [Random(30, 2, 2)]);
    }
}
