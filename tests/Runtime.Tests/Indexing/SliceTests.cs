using static AutoDiffGen.Tests.ShapeOps.ShapeTestData;

namespace AutoDiffGen.Tests.Indexing;

public class SliceTests
{
    // x[i, j] = 4i + j throughout.
    private static readonly Tensor X = Seq(3, 4);

    [Fact]
    public void IntegerSelectsARowAndRemovesTheDimension()
    {
        var row = X[1];
        Assert.Equal(new Shape(4), row.Shape);
        Assert.Equal(new double[] { 4, 5, 6, 7 }, row.ToArray<double>());
    }

    [Fact]
    public void RangeWithHatBoundsMatchesPythonNegativeSlice()
    {
        var inner = X[1, 1..^1];
        Assert.Equal(new double[] { 5, 6 }, inner.ToArray<double>());
        Assert.Equal(new double[] { 1, 2, 5, 6, 9, 10 }, X[.., 1..^1].ToArray<double>());
        Assert.Equal(new Shape(3, 2), X[.., 1..^1].Shape);
    }

    [Fact]
    public void NegativeIntegersCountFromTheEnd()
    {
        Assert.Equal(new double[] { 3, 7, 11 }, X[.., -1].ToArray<double>());
        var element = X[-1, -2];
        Assert.Equal(0, element.Rank);
        Assert.Equal(4 * 2 + 2, element.Item<double>());
    }

    [Fact]
    public void StepsSkipPositions()
    {
        Assert.Equal(new double[] { 0, 1, 2, 3, 8, 9, 10, 11 }, X[TensorIndex.Slice(step: 2)].ToArray<double>());
        var corner = X[TensorIndex.Slice(1, null, 2), TensorIndex.Slice(step: 3)];
        Assert.Equal(new Shape(1, 2), corner.Shape);
        Assert.Equal(new double[] { 4, 7 }, corner.ToArray<double>());
        Assert.Equal(new double[] { 1, 3, 5, 7 }, Seq(10)[TensorIndex.Slice(1, -1, 2)].ToArray<double>());
    }

    [Fact]
    public void OutOfRangeSliceBoundsClampAsInPython()
    {
        Assert.Equal(new double[] { 2, 3, 6, 7, 10, 11 }, X[.., 2..10].ToArray<double>());
        Assert.Equal(X.ToArray<double>(), X[TensorIndex.Slice(-100, 100)].ToArray<double>());
        Assert.Equal(new Shape(0, 4), X[2..1].Shape);
        Assert.Equal(new Shape(0, 4), X[^0..].Shape);
        Assert.Equal(new Shape(3, 0), X[.., 10..].Shape);
    }

    [Fact]
    public void NewAxisAndEllipsis()
    {
        Assert.Equal(new Shape(1, 3, 4), X[TensorIndex.NewAxis].Shape);
        Assert.Equal(new Shape(3, 4, 1), X[TensorIndex.Ellipsis, TensorIndex.NewAxis].Shape);
        Assert.Equal(new Shape(3, 1, 4), X[.., TensorIndex.NewAxis].Shape);
        Assert.Equal(new double[] { 2, 6, 10 }, X[TensorIndex.Ellipsis, 2].ToArray<double>());
        Assert.Equal(new double[] { 4, 5, 6, 7 }, X[1, TensorIndex.Ellipsis].ToArray<double>());
        var cube = Seq(2, 3, 4);
        Assert.Equal(new double[] { 12 + 1, 12 + 5, 12 + 9 }, cube[1, TensorIndex.Ellipsis, 1].ToArray<double>());
        Assert.Equal(new Shape(2, 3, 1), cube[TensorIndex.Ellipsis, TensorIndex.NewAxis, 0].Shape);
        Assert.Equal(new Shape(2, 1, 4), cube[TensorIndex.Ellipsis, TensorIndex.NewAxis, 0, ..].Shape);
    }

    [Fact]
    public void SlicesAreViewsSharingStorage()
    {
        var view = X[1.., TensorIndex.Slice(step: 2)];
        Assert.Same(X.Storage, view.Storage);
        Assert.False(view.IsContiguous);
        Assert.Same(X, X[..]);
        Assert.Same(X.Storage, X.Narrow(1, 1, 2).Storage);
        Assert.Same(X.Storage, X.Select(0, 2).Storage);
    }

    [Fact]
    public void WritesThroughAViewReachTheBaseTensor()
    {
        var x = Seq(3, 4);
        x[1].Fill_(-1);
        x[2, 1..3].Copy_(Tensor.FromArray(new double[] { 20, 30 }));
        Assert.Equal(new double[] { 0, 1, 2, 3, -1, -1, -1, -1, 8, 20, 30, 11 }, x.ToArray<double>());
    }

    [Fact]
    public void ScalarsTakeNewAxesAndEllipses()
    {
        var s = Tensor.Scalar(2.0);
        Assert.Equal(new Shape(1, 1), s[TensorIndex.NewAxis, TensorIndex.NewAxis].Shape);
        Assert.Same(s, s[TensorIndex.Ellipsis]);
        Assert.Throws<ArgumentException>(() => s[0]);
    }

    [Fact]
    public void SlicingAViewComposesOffsetsAndStrides()
    {
        var transposed = X.T; // t[j, i] = 4i + j
        Assert.Equal(new double[] { 6, 10 }, transposed[2, 1..].ToArray<double>());
        Assert.Equal(new double[] { 9 }, X[1..][1..][.., 1..2].ToArray<double>());
    }

    [Fact]
    public void IndexingWorksOnIntegerAndBoolTensors()
    {
        var longs = Longs([10, 20, 30, 40], 2, 2);
        Assert.Equal(new long[] { 20, 40 }, longs[.., 1].ToArray<long>());
        var flags = Tensor.FromArray(new[] { true, false, true });
        Assert.Equal(new[] { true, true }, flags[TensorIndex.Slice(step: 2)].ToArray<bool>());
    }

    [Fact]
    public void IndexOutOfRangeNamesDimensionIndexAndSize()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => X[3]);
        Assert.Contains("index 3 is out of bounds for dimension 0 with size 3", e.Message);
        e = Assert.Throws<ArgumentOutOfRangeException>(() => X[0, -5]);
        Assert.Contains("index -5 is out of bounds for dimension 1 with size 4", e.Message);
    }

    [Fact]
    public void MalformedSubscriptsAreRejected()
    {
        Assert.Contains("too many indices for tensor of dimension 2", Assert.Throws<ArgumentException>(() => X[0, 0, 0]).Message);
        Assert.Contains("single ellipsis", Assert.Throws<ArgumentException>(() => X[TensorIndex.Ellipsis, TensorIndex.Ellipsis]).Message);
        Assert.Contains("step must be positive", Assert.Throws<ArgumentOutOfRangeException>(() => TensorIndex.Slice(step: 0)).Message);
    }

    [Fact]
    public void TensorIndexPrintsInPythonSyntax()
    {
        Assert.Equal("1", ((TensorIndex)1).ToString());
        Assert.Equal("1:-1", ((TensorIndex)(1..^1)).ToString());
        Assert.Equal("::2", TensorIndex.Slice(step: 2).ToString());
        Assert.Equal("None", TensorIndex.NewAxis.ToString());
        Assert.Equal("...", TensorIndex.Ellipsis.ToString());
    }

    [Fact]
    public void BackwardScattersTheGradientIntoZeros()
    {
        var x = Seq(3, 4).RequiresGrad_();
        (x[.., 1..^1] * 2.0).Sum().Backward();
        Assert.Equal(new double[] { 0, 2, 2, 0, 0, 2, 2, 0, 0, 2, 2, 0 }, x.Grad!.ToArray<double>());
    }

    [Fact]
    public void OverlappingSlicesAccumulate()
    {
        var x = Seq(4).RequiresGrad_();
        (x[..3].Sum() + x[1..].Sum() + x[2]).Backward();
        Assert.Equal(new double[] { 1, 2, 3, 1 }, x.Grad!.ToArray<double>());
    }

    public static TheoryData<string> Subscripts => ["1", "1:-1 cols", "::2", "1::2, ::3", "None, ..., -1", "-1, -2", "narrow", "select"];

    private static Tensor Apply(string name, Tensor x) => name switch
    {
        "1" => x[1],
        "1:-1 cols" => x[.., 1..^1],
        "::2" => x[TensorIndex.Slice(step: 2)],
        "1::2, ::3" => x[TensorIndex.Slice(1, null, 2), TensorIndex.Slice(step: 3)],
        "None, ..., -1" => x[TensorIndex.NewAxis, TensorIndex.Ellipsis, -1],
        "-1, -2" => x[-1, -2],
        "narrow" => x.Narrow(1, -3, 2),
        _ => x.Select(1, -1),
    };

    [Theory]
    [MemberData(nameof(Subscripts))]
    public void GradCheck(string subscript) => AutoDiffGen.GradCheck.Check(i => Apply(subscript, i[0]), [Random(1, 3, 4)]);

    [Theory]
    [MemberData(nameof(Subscripts))]
    public void SecondDerivativeGradCheck(string subscript)
        => AutoDiffGen.GradCheck.Check(GradOfCubeSum(x => Apply(subscript, x)), [Random(2, 3, 4)]);

    [Fact]
    public void SliceOfFloat32KeepsFloat32Gradient()
    {
        var x = Tensor.FromArray(new float[] { 1, 2, 3 }).RequiresGrad_();
        x[1..].Sum().Backward();
        Assert.Equal(DType.Float32, x.Grad!.DType);
        Assert.Equal(new float[] { 0, 1, 1 }, x.Grad.ToArray<float>());
    }
}
