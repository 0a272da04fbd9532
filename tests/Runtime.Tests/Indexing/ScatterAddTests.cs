using static AutoDiffGen.Tests.ShapeOps.ShapeTestData;

namespace AutoDiffGen.Tests.Indexing;

public class ScatterAddTests
{
    [Fact]
    public void AddsSourceValuesAtIndexedPositions()
    {
        // result[index[i, j], j] += src[i, j], the example of torch.scatter_add's documentation with our own numbers.
        var self = Tensor.Zeros(new Shape(3, 3), DType.Float64);
        var src = Seq(2, 3); // [[0, 1, 2], [3, 4, 5]]
        var index = Longs([0, 1, 2, 0, 0, 0], 2, 3);
        var result = self.ScatterAdd(0, index, src);
        Assert.Equal(new double[] { 0 + 3, 4, 5, 0, 1, 0, 0, 0, 2 }, result.ToArray<double>());
    }

    [Fact]
    public void ReadsOnlyTheIndexExtentOfALargerSource()
    {
        var self = Tensor.Ones(new Shape(2, 2), DType.Float64);
        var src = Seq(2, 3);
        var result = self.ScatterAdd(1, Longs([1, 1], 2, 1), src);
        Assert.Equal(new double[] { 1, 1 + 0, 1, 1 + 3 }, result.ToArray<double>());
    }

    [Fact]
    public void Int64ScatterAddCountsOccurrences()
    {
        var counts = Tensor.Zeros(new Shape(4), DType.Int64);
        var labels = Longs([3, 1, 3, 3, 0]);
        var ones = Tensor.Ones(new Shape(5), DType.Int64);
        Assert.Equal(new long[] { 1, 1, 0, 3 }, counts.ScatterAdd(0, labels, ones).ToArray<long>());
    }

    [Fact]
    public void BadInputsAreClearErrors()
    {
        var self = Tensor.Zeros(new Shape(2, 3), DType.Float64);
        Assert.Contains("ScatterAdd: index 2 is out of bounds for dimension 0 with size 2",
            Assert.Throws<ArgumentOutOfRangeException>(() => self.ScatterAdd(0, Longs([2], 1, 1), Seq(1, 1))).Message);
        Assert.Contains("larger than size of src [1, 1] in dimension 1",
            Assert.Throws<ArgumentException>(() => self.ScatterAdd(0, Longs([0, 0], 1, 2), Seq(1, 1))).Message);
        Assert.Contains("same dtype",
            Assert.Throws<ArgumentException>(() => self.ScatterAdd(0, Longs([0], 1, 1), Tensor.Ones(1, 1))).Message);
    }

    [Fact]
    public void GradCheckInSelfAndSource()
    {
        var index = Longs([1, 0, 1, 1, 1, 0], 2, 3);
        AutoDiffGen.GradCheck.Check(i => i[0].ScatterAdd(0, index, i[1]), [Random(13, 2, 3), Random(14, 2, 3)]);

        // A source larger than the index: its unread entries must get zero gradient.
        AutoDiffGen.GradCheck.Check(i => i[0].ScatterAdd(1, Longs([2, 0], 2, 1), i[1]), [Random(15, 2, 3), Random(16, 3, 2)]);
        AutoDiffGen.GradCheck.Check(GradOfCubeSum(x => x.ScatterAdd(0, index, x * 3.0)), [Random(17, 2, 3)]);
    }
}
