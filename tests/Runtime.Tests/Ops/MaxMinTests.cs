using static AutoDiffGen.Tests.Ops.OpAssert;

namespace AutoDiffGen.Tests.Ops;

/// <summary>Max, Min (whole tensor and along a dim with indices), ArgMax and ArgMin.</summary>
public class MaxMinTests
{
    private static readonly double[] Data = [3, -1, 7, 2, 9, 0, 4, 4, -5, 8, 1, 6];

    private static Tensor X() => Tensor.FromArray(Data, 3, 4);

    [Fact]
    public void WholeTensorMaxAndMin()
    {
        Assert.Equal(Data.Max(), X().Max().Item<double>());
        Assert.Equal(Data.Min(), X().Min().Item<double>());
        Assert.Equal(Shape.Scalar, X().Max().Shape);
        Assert.Equal((float)Data.Max(), Tensor.FromArray(Data.Select(v => (float)v).ToArray()).Max().Item<float>());
    }

    [Fact]
    public void MaxAlongDimReturnsValuesAndFirstIndices()
    {
        var (values, indices) = X().Max(1);
        Assert.Equal(new double[] { 7, 9, 8 }, values.ToArray<double>());
        Assert.Equal(DType.Int64, indices.DType);
        Assert.Equal(new long[] { 2, 0, 1 }, indices.ToArray<long>());

        var (colMax, colArg) = X().Max(0, keepDim: true);
        Assert.Equal(new Shape(1, 4), colMax.Shape);
        Assert.Equal(new double[] { 9, 8, 7, 6 }, colMax.ToArray<double>());
        Assert.Equal(new long[] { 1, 2, 0, 2 }, colArg.ToArray<long>());
    }

    [Fact]
    public void MinAlongDimReturnsValuesAndFirstIndices()
    {
        var (values, indices) = X().Min(-1);
        Assert.Equal(new double[] { -1, 0, -5 }, values.ToArray<double>());
        Assert.Equal(new long[] { 1, 1, 0 }, indices.ToArray<long>());
    }

    [Fact]
    public void TiesPickTheFirstIndex()
    {
        var (values, indices) = Tensor.FromArray(new[] { 4.0, 4, 1 }).Max(0);
        Assert.Equal(4.0, values.Item<double>());
        Assert.Equal(0L, indices.Item<long>());
        Assert.Equal(0L, Tensor.FromArray(new[] { 4.0, 4, 1 }).ArgMax().Item<long>());
    }

    [Fact]
    public void ArgMaxAndArgMin()
    {
        Assert.Equal((long)Array.IndexOf(Data, Data.Max()), X().ArgMax().Item<long>());
        Assert.Equal((long)Array.IndexOf(Data, Data.Min()), X().ArgMin().Item<long>());
        Assert.Equal(new long[] { 2, 0, 1 }, X().ArgMax(1).ToArray<long>());
        Assert.Equal(new long[] { 2, 0, 2, 0 }, X().ArgMin(0).ToArray<long>());
        Assert.Equal(new Shape(3, 1), X().ArgMax(1, keepDim: true).Shape);
        Assert.False(Tensor.FromArray(Data).RequiresGrad_().ArgMax().RequiresGrad);
    }

    [Fact]
    public void NaNIsTheExtremeAsInPyTorch()
    {
        var x = Tensor.FromArray(new[] { 1.0, double.NaN, 3 });
        Assert.True(double.IsNaN(x.Max().Item<double>()));
        Assert.True(double.IsNaN(x.Min().Item<double>()));
        Assert.Equal(1L, x.ArgMax().Item<long>());
        Assert.Equal(1L, x.Max(0).Indices.Item<long>());
    }

    [Fact]
    public void ScalarTensorReducesOverItsOnlyElement()
    {
        var (values, indices) = Tensor.Scalar(2.5).Max(0);
        Assert.Equal(Shape.Scalar, values.Shape);
        Assert.Equal(2.5, values.Item<double>());
        Assert.Equal(0L, indices.Item<long>());
    }

    [Fact]
    public void WholeTensorGradientIsSharedEvenlyAmongTies()
    {
        var x = Leaf([1, 5, 5, 2], 4);
        x.Max().Backward();
        Assert.Equal(new[] { 0, 0.5, 0.5, 0 }, x.Grad!.ToArray<double>());
        var y = Leaf([3, -1, 2, -1], 4);
        (y.Min() * 3).Backward();
        Assert.Equal(new[] { 0, 1.5, 0, 1.5 }, y.Grad!.ToArray<double>());
    }

    [Fact]
    public void DimGradientGoesToTheSelectedIndexOnly()
    {
        var x = Leaf([4, 4, 1, 0, 2, 2], 2, 3);
        x.Max(1).Values.Sum().Backward();
        Assert.Equal(new double[] { 1, 0, 0, 0, 1, 0 }, x.Grad!.ToArray<double>());
    }

    [Fact] public void MaxGrad() => Grad(x => x[0].Max(), Uniform([3, 4], 1));
    [Fact] public void MinGrad() => Grad(x => x[0].Min(), Uniform([3, 4], 2));
    [Fact] public void MaxDimGrad() => Grad(x => x[0].Max(1).Values, Uniform([3, 4], 3));
    [Fact] public void MaxDimKeepDimGrad() => Grad(x => x[0].Max(0, keepDim: true).Values, Uniform([3, 4], 4));
    [Fact] public void MinDimGrad() => Grad(x => x[0].Min(-1).Values, Uniform([2, 3, 4], 5));
    [Fact] public void MinMiddleDimKeepDimGrad() => Grad(x => x[0].Min(1, keepDim: true).Values, Uniform([2, 3, 4], 6));
    [Fact] public void MaxDimOfTransposedGrad() => Grad(x => x[0].T.Max(1).Values, Uniform([3, 4], 7));
    [Fact] public void MaxSecondDerivative() => SecondGrad(x => (x * x).Max(), Uniform([3, 4], 9));
    [Fact] public void MaxDimSecondDerivative() => SecondGrad(x => (x * x).Max(1).Values, Uniform([3, 4], 8));

    [Fact]
    public void AmaxAndAminOverSeveralDims()
    {
        // References by LINQ over the rows and columns of Data viewed as [3, 4].
        var rows = Enumerable.Range(0, 3).Select(r => Data.Skip(r * 4).Take(4).ToArray()).ToArray();
        var cols = Enumerable.Range(0, 4).Select(c => rows.Select(r => r[c]).ToArray()).ToArray();
        Assert.Equal(rows.Select(r => r.Max()).ToArray(), X().Amax(1).ToArray<double>());
        Assert.Equal(cols.Select(c => c.Min()).ToArray(), X().Amin(0).ToArray<double>());
        Assert.Equal(new Shape(1, 1), X().Amax([0, 1], keepDim: true).Shape);
        Assert.Equal(Data.Max(), X().Amax([]).Item<double>());
        var cube = Tensor.FromArray(Data, 2, 3, 2);
        Assert.Equal(new[] { Data[..6].Min(), Data[6..].Min() }, cube.Amin([1, 2]).ToArray<double>());
    }

    [Fact]
    public void AmaxSharesGradientAmongTiesPerSlice()
    {
        var x = Leaf([4, 4, 1, 0, 2, 1], 2, 3);
        x.Amax(1).Sum().Backward();
        Assert.Equal(new double[] { 0.5, 0.5, 0, 0, 1, 0 }, x.Grad!.ToArray<double>());
    }

    [Fact] public void AmaxGrad() => Grad(x => x[0].Amax([0, 2]), Uniform([2, 3, 4], 10));
    [Fact] public void AmaxKeepDimGrad() => Grad(x => x[0].Amax(1, keepDim: true), Uniform([2, 3, 4], 11));
    [Fact] public void AminGrad() => Grad(x => x[0].Amin([1, 2]), Uniform([2, 3, 4], 12));
    [Fact] public void AminOfScalarGrad() => Grad(x => x[0].Amin(0) * 3.0, Uniform([], 13));
    [Fact] public void AmaxSecondDerivative() => SecondGrad(x => (x * x).Amax(1), Uniform([3, 4], 14));

    [Fact]
    public void ErrorsNameTheOpAndShape()
    {
        Throws<ArgumentException>(() => Tensor.Zeros(0).Max(), "Max", "empty", "[0]");
        Throws<ArgumentException>(() => Tensor.Zeros(2, 0).Min(1), "Min", "size 0", "[2, 0]");
        Throws<ArgumentException>(() => Tensor.Zeros(0).ArgMax(), "ArgMax", "empty");
        Throws<ArgumentOutOfRangeException>(() => X().Max(2), "Dimension out of range");
        Throws<ArgumentException>(() => Tensor.FromArray(new long[] { 1 }).Max(), "Max", "torch.int64");
        Throws<ArgumentException>(() => Tensor.Zeros(3, 0).Amax(1), "Amax", "size 0", "[3, 0]");
        Throws<ArgumentException>(() => Tensor.Zeros(3, 2).Amin([0, 0]), "Amin", "more than once");
    }
}
