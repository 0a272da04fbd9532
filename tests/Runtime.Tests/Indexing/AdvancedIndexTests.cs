using static AutoDiffGen.Tests.ShapeOps.ShapeTestData;

namespace AutoDiffGen.Tests.Indexing;

public class AdvancedIndexTests
{
    // x[i, j] = 4i + j throughout.
    private static readonly Tensor X = Seq(3, 4);

    [Fact]
    public void Int64TensorPicksRowsWithRepeatsAndNegatives()
    {
        var rows = X[Longs([2, 0, -1])];
        Assert.Equal(new Shape(3, 4), rows.Shape);
        Assert.Equal(new double[] { 8, 9, 10, 11, 0, 1, 2, 3, 8, 9, 10, 11 }, rows.ToArray<double>());
        Assert.NotSame(X.Storage, rows.Storage);
    }

    [Fact]
    public void Int64TensorAfterOtherEntries()
    {
        Assert.Equal(new double[] { 1, 3, 5, 7, 9, 11 }, X[.., Longs([1, 3])].ToArray<double>());
        Assert.Equal(new double[] { 4, 4, 7 }, X[1, Longs([0, 0, -1])].ToArray<double>());
        var lifted = X[TensorIndex.NewAxis, 1.., Longs([0])];
        Assert.Equal(new Shape(1, 2, 1), lifted.Shape);
        Assert.Equal(new double[] { 4, 8 }, lifted.ToArray<double>());
        Assert.Equal(new double[] { 2, 6, 10 }, X[TensorIndex.Ellipsis, Longs([2])].ToArray<double>());
    }

    [Fact]
    public void MultiDimensionalInt64IndexReplacesTheDimensionWithItsShape()
    {
        var picked = X[Longs([0, 1, 2, 0], 2, 2)];
        Assert.Equal(new Shape(2, 2, 4), picked.Shape);
        Assert.Equal(new double[] { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 0, 1, 2, 3 }, picked.ToArray<double>());
        Assert.Equal(new Shape(3, 2, 1), X[.., Longs([3, 0], 2, 1)].Shape);
    }

    [Fact]
    public void ZeroDimInt64IndexActsAsAnInteger()
    {
        var row = X[Tensor.Scalar(2, DType.Int64)];
        Assert.Equal(new Shape(4), row.Shape);
        Assert.Equal(new double[] { 8, 9, 10, 11 }, row.ToArray<double>());
    }

    [Fact]
    public void BoolMasksKeepTheTruePositions()
    {
        var rows = X[Tensor.FromArray(new[] { true, false, true })];
        Assert.Equal(new double[] { 0, 1, 2, 3, 8, 9, 10, 11 }, rows.ToArray<double>());
        var cols = X[.., Tensor.FromArray(new[] { false, true, false, true })];
        Assert.Equal(new double[] { 1, 3, 5, 7, 9, 11 }, cols.ToArray<double>());

        var everything = new bool[12];
        for (var i = 0; i < everything.Length; i++)
        {
            everything[i] = i % 5 == 0;
        }

        var flat = X[Tensor.FromArray(everything, 3, 4)];
        Assert.Equal(new Shape(3), flat.Shape);
        Assert.Equal(new double[] { 0, 5, 10 }, flat.ToArray<double>());
        Assert.Equal(new Shape(0, 4), X[Tensor.FromArray(new bool[3])].Shape);
    }

    [Fact]
    public void BadTensorIndicesAreClearErrors()
    {
        Assert.Contains("Index: index 3 is out of bounds for dimension 0 with size 3", Assert.Throws<ArgumentOutOfRangeException>(() => X[Longs([0, 3])]).Message);
        Assert.Contains("index -5 is out of bounds for dimension 1 with size 4", Assert.Throws<ArgumentOutOfRangeException>(() => X[.., Longs([-5])]).Message);
        Assert.Contains("must be int64 or bool", Assert.Throws<ArgumentException>(() => X[Seq(2)]).Message);
        Assert.Contains("cannot be broadcast together", Assert.Throws<ArgumentException>(() => X[Longs([0, 1]), Longs([1, 2, 3])]).Message);
        Assert.Contains("index 4 is out of bounds for dimension 1 with size 4", Assert.Throws<ArgumentOutOfRangeException>(() => X[Longs([0]), Longs([4])]).Message);
        Assert.Contains("too many indices", Assert.Throws<ArgumentException>(() => X[Longs([0]), Longs([1]), Longs([1])]).Message);
        Assert.Contains("mask of shape [2] does not match", Assert.Throws<ArgumentException>(() => X[Tensor.FromArray(new[] { true, false })]).Message);
    }

    [Fact]
    public void SeveralInt64TensorsPickElementsPointwise()
    {
        // x[i, j] = 4i + j: X[[2, 0, -1], [1, 3, 0]] = [9, 3, 8].
        var picked = X[Longs([2, 0, -1]), Longs([1, 3, 0])];
        Assert.Equal(new Shape(3), picked.Shape);
        Assert.Equal(new double[] { 9, 3, 8 }, picked.ToArray<double>());

        // Index shapes broadcast: rows [2, 1] against columns [3] give a 2 x 3 grid (x[rows[:, None], cols]).
        var grid = X[Longs([0, 2], 2, 1), Longs([1, 2, 3])];
        Assert.Equal(new Shape(2, 3), grid.Shape);
        Assert.Equal(new double[] { 1, 2, 3, 9, 10, 11 }, grid.ToArray<double>());
    }

    [Fact]
    public void AdjacentTensorEntriesKeepTheirPlaceOthersGoFirst()
    {
        // y[a, b, c] = 20a + 5b + c.
        var y = Seq(2, 4, 5);

        // Adjacent (dims 1 and 2): B = [3] replaces them after dim 0.
        var adjacent = y[.., Longs([0, 3, 1]), Longs([4, 0, 2])];
        Assert.Equal(new Shape(2, 3), adjacent.Shape);
        Assert.Equal(new double[] { 4, 15, 7, 24, 35, 27 }, adjacent.ToArray<double>());

        // Separated by a slice (dims 0 and 2): B = [2] goes first.
        var apart = y[Longs([1, 0]), .., Longs([2, 2])];
        Assert.Equal(new Shape(2, 4), apart.Shape);
        Assert.Equal(new double[] { 22, 27, 32, 37, 2, 7, 12, 17 }, apart.ToArray<double>());

        // Separated by an integer: also first (as in PyTorch).
        var afterInteger = y[Longs([1]), 2, Longs([0, 4])];
        Assert.Equal(new Shape(2), afterInteger.Shape);
        Assert.Equal(new double[] { 30, 34 }, afterInteger.ToArray<double>());
    }

    [Fact]
    public void MasksCombineWithInt64Tensors()
    {
        // A mask over the rows counts as the row positions of its true elements: rows [0, 2] with columns [3, 1].
        var picked = X[Tensor.FromArray(new[] { true, false, true }), Longs([3, 1])];
        Assert.Equal(new double[] { 3, 9 }, picked.ToArray<double>());
        Assert.Contains("mask of shape [2] does not match", Assert.Throws<ArgumentException>(() => X[Tensor.FromArray(new[] { true, false }), Longs([0])]).Message);
    }

    [Fact]
    public void RepeatedPositionsAccumulateGradient()
    {
        var x = Seq(3, 2).RequiresGrad_();
        x[Longs([1, 1, -1])].Sum().Backward();
        Assert.Equal(new double[] { 0, 0, 2, 2, 1, 1 }, x.Grad!.ToArray<double>());
    }

    [Fact]
    public void GradCheck()
    {
        AutoDiffGen.GradCheck.Check(i => i[0][1.., Longs([2, 0, 2, -1], 2, 2)], [Random(40, 3, 4)]);
        var mask = Tensor.FromArray(new[] { true, false, true, true, false, true, false, false, true, true, true, false }, 3, 4);
        AutoDiffGen.GradCheck.Check(i => i[0][mask], [Random(41, 3, 4)]);
        AutoDiffGen.GradCheck.Check(i => i[0][Longs([1, 1, -1]), .., Longs([0, 4, 4])], [Random(42, 3, 2, 5)]);
        AutoDiffGen.GradCheck.Check(i => i[0][.., Longs([0, 2], 2, 1), Longs([1, 1, 3])], [Random(43, 2, 3, 4)]);
        AutoDiffGen.GradCheck.Check(GradOfCubeSum(x => x[TensorIndex.Ellipsis, Longs([1, 1, 0])]), [Random(42, 2, 3)]);
    }
}
