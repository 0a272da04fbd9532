using AutoDiffGen.Data;

namespace AutoDiffGen.Tests.Data;

public class CollateTests
{
    [Fact]
    public void StackAddsABatchDimension()
    {
        var batch = Collate.Stack([Tensor.FromArray(new float[] { 1, 2 }), Tensor.FromArray(new float[] { 3, 4 }).Reshape(2), Tensor.FromArray(new float[] { 5, 6 })]);

        Assert.Equal(new Shape(3, 2), batch.Shape);
        Assert.Equal(new float[] { 1, 2, 3, 4, 5, 6 }, batch.ToArray<float>());
    }

    [Fact]
    public void StackCopiesNonContiguousSamples()
    {
        var m = Tensor.FromArray(new float[] { 1, 2, 3, 4 }, 2, 2);
        var batch = Collate.Stack([m.T, m]);

        Assert.Equal(new Shape(2, 2, 2), batch.Shape);
        Assert.Equal(new float[] { 1, 3, 2, 4, 1, 2, 3, 4 }, batch.ToArray<float>());
    }

    [Fact]
    public void StackOfTuplesStacksFieldByField()
    {
        var batch = Collate.Stack(new[]
        {
            new[] { Tensor.FromArray(new double[] { 1 }), Tensor.Scalar(0, DType.Int64) },
            new[] { Tensor.FromArray(new double[] { 2 }), Tensor.Scalar(1, DType.Int64) },
        });

        Assert.Equal(new Shape(2, 1), batch[0].Shape);
        Assert.Equal(new double[] { 1, 2 }, batch[0].ToArray<double>());
        Assert.Equal(new Shape(2), batch[1].Shape);
        Assert.Equal(new long[] { 0, 1 }, batch[1].ToArray<long>());
    }

    [Fact]
    public void StackRejectsMismatchedSamples()
    {
        var error = Assert.Throws<ArgumentException>(() => Collate.Stack([Tensor.Zeros(2), Tensor.Zeros(3)]));
        Assert.Contains("sample 1 is torch.float32 [3] but sample 0 is torch.float32 [2]", error.Message);

        error = Assert.Throws<ArgumentException>(() => Collate.Stack(new[] { new[] { Tensor.Zeros(1) }, new[] { Tensor.Zeros(1), Tensor.Zeros(1) } }));
        Assert.Contains("sample 0 has 1 fields but sample 1 has 2", error.Message);

        Assert.Throws<ArgumentException>(() => Collate.Stack(Array.Empty<Tensor>()));
    }
}
