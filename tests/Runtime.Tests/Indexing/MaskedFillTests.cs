using static AutoDiffGen.Tests.ShapeOps.ShapeTestData;

namespace AutoDiffGen.Tests.Indexing;

public class MaskedFillTests
{
    [Fact]
    public void FillsWhereTheMaskIsTrue()
    {
        var x = Seq(2, 2);
        var mask = Tensor.FromArray(new[] { true, false, false, true }, 2, 2);
        Assert.Equal(new double[] { -1, 1, 2, -1 }, x.MaskedFill(mask, -1).ToArray<double>());
        Assert.Equal(new double[] { 0, 1, 2, 3 }, x.ToArray<double>());
    }

    [Fact]
    public void MaskBroadcastsAcrossRows()
    {
        // A causal-attention style column mask applied to every row.
        var scores = Seq(2, 3);
        var mask = Tensor.FromArray(new[] { false, true, true });
        var filled = scores.MaskedFill(mask, double.NegativeInfinity);
        Assert.Equal(new[] { 0, double.NegativeInfinity, double.NegativeInfinity, 3, double.NegativeInfinity, double.NegativeInfinity }, filled.ToArray<double>());
    }

    [Fact]
    public void ResultTakesTheBroadcastShapeOfSelfAndMask()
    {
        var column = Seq(3, 1);
        var mask = Tensor.FromArray(new[] { true, false }, 1, 2);
        var filled = column.MaskedFill(mask, 9);
        Assert.Equal(new Shape(3, 2), filled.Shape);
        Assert.Equal(new double[] { 9, 0, 9, 1, 9, 2 }, filled.ToArray<double>());
    }

    [Fact]
    public void WorksOnFloat32AndInt64()
    {
        var mask = Tensor.FromArray(new[] { true, false });
        Assert.Equal(new float[] { 5, 2 }, Tensor.FromArray(new float[] { 1, 2 }).MaskedFill(mask, 5).ToArray<float>());
        Assert.Equal(new long[] { 7, 2 }, Longs([1, 2]).MaskedFill(mask, 7).ToArray<long>());
    }

    [Fact]
    public void BadMasksAreClearErrors()
    {
        Assert.Contains("expected a bool mask, got torch.int64", Assert.Throws<ArgumentException>(() => Seq(2).MaskedFill(Longs([1, 0]), 0)).Message);
        var e = Assert.Throws<ArgumentException>(() => Seq(2, 3).MaskedFill(Tensor.FromArray(new[] { true, false }), 0));
        Assert.Contains("[2, 3] and [2] cannot be broadcast", e.Message);
    }

    [Fact]
    public void FilledPositionsGetZeroGradient()
    {
        var x = Seq(2, 2).RequiresGrad_();
        (x.MaskedFill(Tensor.FromArray(new[] { false, true }), 100) * 3.0).Sum().Backward();
        Assert.Equal(new double[] { 3, 0, 3, 0 }, x.Grad!.ToArray<double>());
    }

    [Fact]
    public void GradCheck()
    {
        var rowMask = Tensor.FromArray(new[] { true, false, true });
        AutoDiffGen.GradCheck.Check(i => i[0].MaskedFill(rowMask, 0.5), [Random(18, 2, 3)]);

        // self broadcast up to the mask's shape: its gradient is summed back down.
        var fullMask = Tensor.FromArray(new[] { true, false, false, false, true, false }, 2, 3);
        AutoDiffGen.GradCheck.Check(i => i[0].MaskedFill(fullMask, 2), [Random(19, 3)]);
        AutoDiffGen.GradCheck.Check(GradOfCubeSum(x => x.MaskedFill(rowMask, 1)), [Random(20, 2, 3)]);
    }
}
