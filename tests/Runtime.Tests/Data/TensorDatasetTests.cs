using AutoDiffGen.Data;

namespace AutoDiffGen.Tests.Data;

public class TensorDatasetTests
{
    private static readonly Tensor Features = Tensor.FromArray(Enumerable.Range(0, 12).Select(i => (float)i).ToArray(), 4, 3);
    private static readonly Tensor Labels = Tensor.FromArray(new long[] { 10, 11, 12, 13 });

    [Fact]
    public void ItemIsTheRowOfEachTensor()
    {
        var dataset = new TensorDataset(Features, Labels);

        Assert.Equal(4, dataset.Count);
        var sample = dataset[2];
        Assert.Equal(2, sample.Length);
        Assert.Equal(new Shape(3), sample[0].Shape);
        Assert.Equal(new float[] { 6, 7, 8 }, sample[0].ToArray<float>());
        Assert.Equal(0, sample[1].Rank);
        Assert.Equal(12L, sample[1].Item<long>());
    }

    [Fact]
    public void RowsOfANonContiguousTensorAreItsLogicalRows()
    {
        var transposed = Tensor.FromArray(new double[] { 1, 2, 3, 4, 5, 6 }, 2, 3).T; // [[1,4],[2,5],[3,6]]
        var dataset = new TensorDataset(transposed);

        Assert.Equal(3, dataset.Count);
        Assert.Equal(new double[] { 2, 5 }, dataset[1][0].ToArray<double>());
        Assert.Equal(new double[] { 3, 6, 1, 4 }, dataset.GetBatch([2, 0])[0].ToArray<double>());
    }

    [Fact]
    public void GetBatchEqualsStackingTheRows()
    {
        var dataset = new TensorDataset(Features, Labels, Tensor.FromArray(new bool[] { true, false, false, true }));
        int[] indices = [3, 0, 3, 1];

        var gathered = dataset.GetBatch(indices);
        var stacked = Collate.Stack(indices.Select(i => dataset[i]).ToArray());

        Assert.Equal(3, gathered.Length);
        for (var f = 0; f < 3; f++)
        {
            Assert.Equal(stacked[f].Shape, gathered[f].Shape);
            Assert.Equal(stacked[f].DType, gathered[f].DType);
            Assert.Equal(stacked[f].ToDoubleArray(), gathered[f].ToDoubleArray());
        }

        Assert.Equal(new Shape(4, 3), gathered[0].Shape);
        Assert.Equal(new float[] { 9, 10, 11, 0, 1, 2, 9, 10, 11, 3, 4, 5 }, gathered[0].ToArray<float>());
        Assert.Equal(new long[] { 13, 10, 13, 11 }, gathered[1].ToArray<long>());
    }

    [Fact]
    public void RejectsTensorsOfDifferentLengths()
    {
        var error = Assert.Throws<ArgumentException>(() => new TensorDataset(Features, Tensor.Zeros(5)));
        Assert.Contains("tensor 0 has shape [4, 3] and tensor 1 has shape [5]", error.Message);
    }

    [Fact]
    public void RejectsScalarsAndNoTensors()
    {
        Assert.Throws<ArgumentException>(() => new TensorDataset());
        Assert.Contains("zero-dimensional", Assert.Throws<ArgumentException>(() => new TensorDataset(Tensor.Scalar(1f))).Message);
    }

    [Fact]
    public void RejectsIndexOutOfRange()
    {
        var dataset = new TensorDataset(Features);
        Assert.Contains("index 4 is out of range for a dataset of 4 samples", Assert.Throws<ArgumentOutOfRangeException>(() => dataset[4]).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => dataset[-1]);
        Assert.Throws<ArgumentOutOfRangeException>(() => dataset.GetBatch([0, 7]));
    }
}
