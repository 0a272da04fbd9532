using static AutoDiffGen.Tests.ShapeOps.ShapeTestData;

namespace AutoDiffGen.Tests.Indexing;

public class IndexAssignmentTests
{
    [Fact]
    public void AssignsRowsColumnsAndStridedSelections()
    {
        var x = Seq(3, 4);
        x[1] = Tensor.FromArray(new double[] { -1, -2, -3, -4 });
        x[.., 0] = Tensor.Scalar(9.0);
        x[TensorIndex.Slice(step: 2), 3] = Tensor.FromArray(new float[] { 0.5f, 0.25f });
        Assert.Equal(new double[] { 9, 1, 2, 0.5, 9, -2, -3, -4, 9, 9, 10, 0.25 }, x.ToArray<double>());
    }

    [Fact]
    public void ValuesBroadcastAcrossTheSelection()
    {
        var x = Tensor.Zeros(new Shape(2, 3), DType.Int64);
        x[.., 1..] = Tensor.FromArray(new long[] { 7, 8 });
        Assert.Equal(new long[] { 0, 7, 8, 0, 7, 8 }, x.ToArray<long>());
        x.IndexPut_([0, TensorIndex.Ellipsis], 5);
        Assert.Equal(new long[] { 5, 5, 5, 0, 7, 8 }, x.ToArray<long>());
    }

    [Fact]
    public void OverlappingSourceIsReadBeforeWriting()
    {
        var y = Seq(5);
        y[1..] = y[..^1];
        Assert.Equal(new double[] { 0, 0, 1, 2, 3 }, y.ToArray<double>());
    }

    [Fact]
    public void AssignmentToATensorThatRequiresGradNeedsNoGrad()
    {
        var w = Seq(2, 2).RequiresGrad_();
        Assert.Contains("NoGrad", Assert.Throws<InvalidOperationException>(() => w[0] = Tensor.Scalar(1.0)).Message);
        using (global::AutoDiffGen.Autograd.NoGrad())
        {
            w[0] = Tensor.Scalar(1.0);
        }

        Assert.Equal(new double[] { 1, 1, 2, 3 }, w.ToArray<double>());
    }

    [Fact]
    public void BadAssignmentsAreClearErrors()
    {
        var x = Seq(2, 3);
        Assert.Contains("values of shape [2] cannot be broadcast to the selection of shape [3]",
            Assert.Throws<ArgumentException>(() => x[0] = Seq(2)).Message);
        Assert.Contains("tensor indices are not supported",
            Assert.Throws<NotSupportedException>(() => x[Longs([0])] = Tensor.Scalar(1.0)).Message);
    }
}
