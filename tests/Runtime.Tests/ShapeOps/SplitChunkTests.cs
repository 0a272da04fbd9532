using static AutoDiffGen.Tests.ShapeOps.ShapeTestData;

namespace AutoDiffGen.Tests.ShapeOps;

public class SplitChunkTests
{
    [Fact]
    public void SplitBySizeLeavesASmallerLastPiece()
    {
        var pieces = Seq(5, 2).Split(2);
        Assert.Equal(3, pieces.Length);
        Assert.Equal(new double[] { 0, 1, 2, 3 }, pieces[0].ToArray<double>());
        Assert.Equal(new double[] { 4, 5, 6, 7 }, pieces[1].ToArray<double>());
        Assert.Equal(new Shape(1, 2), pieces[2].Shape);
        Assert.Equal(new double[] { 8, 9 }, pieces[2].ToArray<double>());
        Assert.All(pieces, p => Assert.Same(pieces[0].Storage, p.Storage));
    }

    [Fact]
    public void SplitWithSizesAlongColumns()
    {
        var pieces = Seq(2, 5).Split([1, 0, 4], dim: 1);
        Assert.Equal(new double[] { 0, 5 }, pieces[0].ToArray<double>());
        Assert.Equal(new Shape(2, 0), pieces[1].Shape);
        Assert.Equal(new double[] { 1, 2, 3, 4, 6, 7, 8, 9 }, pieces[2].ToArray<double>());
        var e = Assert.Throws<ArgumentException>(() => Seq(5).Split([2, 2]));
        Assert.Contains("must sum exactly to 5", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => Seq(5).Split(0));
    }

    [Fact]
    public void ChunkFollowsPyTorchCounts()
    {
        Assert.Equal(new[] { 2, 2, 2 }, Seq(6).Chunk(3).Select(p => p.NumElements));
        Assert.Equal(new[] { 3, 3, 1 }, Seq(7).Chunk(3).Select(p => p.NumElements));

        // ceil(5 / 4) = 2, so only three chunks come back, as torch.chunk does.
        Assert.Equal(new[] { 2, 2, 1 }, Seq(5).Chunk(4).Select(p => p.NumElements));
        Assert.Equal(new[] { 1, 1 }, Seq(2).Chunk(5).Select(p => p.NumElements));
        Assert.Equal(new double[] { 2, 3, 6, 7 }, Seq(2, 4).Chunk(2, dim: 1)[1].ToArray<double>());
        Assert.Throws<ArgumentOutOfRangeException>(() => Seq(2).Chunk(0));
        Assert.Equal(new[] { 0, 0, 0 }, Tensor.Zeros(0, 2).Chunk(3).Select(p => p.NumElements));
        Assert.Single(Tensor.Zeros(0, 2).Split(0));
    }

    [Fact]
    public void SplitThenConcatRoundTripsValuesAndGradients()
    {
        var x = Random(31, 4, 3);
        var pieces = x.Chunk(2, dim: 0);
        var rejoined = Tensor.Concat([pieces[1], pieces[0]]);
        Assert.Equal(x[2..].ToArray<double>(), rejoined[..2].ToArray<double>());
        AutoDiffGen.GradCheck.Check(i => Tensor.Concat(i[0].Split([2, 1], 1).Reverse().ToArray(), 1), [Random(32, 2, 3)]);
        AutoDiffGen.GradCheck.Check(i => i[0].Chunk(3, 1)[1] * i[0].Split(1, 1)[2], [Random(33, 2, 3)]);
    }
}
