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
        Assert.Contains("values of shape [3] cannot be broadcast to the selection of shape [2]",
            Assert.Throws<ArgumentException>(() => x[Longs([0, 1]), Longs([2, 2])] = Seq(3)).Message);
        Assert.Contains("index 2 is out of bounds for dimension 0 with size 2",
            Assert.Throws<ArgumentOutOfRangeException>(() => x[Longs([2])] = Tensor.Scalar(1.0)).Message);
    }

    [Fact]
    public void AssignsThroughMasksAndIndexTensors()
    {
        // x[x > 6] = 0, the PyTorch idiom.
        var x = Seq(3, 4);
        x[Tensor.Gt(x, 6.0)] = Tensor.Scalar(0.0);
        Assert.Equal(new double[] { 0, 1, 2, 3, 4, 5, 6, 0, 0, 0, 0, 0 }, x.ToArray<double>());

        // Pointwise pairs, values given per pair; and whole rows, a row of values broadcast over them.
        var y = Seq(3, 4);
        y[Longs([0, 2]), Longs([3, -4])] = Tensor.FromArray(new double[] { -1, -2 });
        y[Longs([1, 1])] = Tensor.FromArray(new double[] { 10, 20, 30, 40 });
        Assert.Equal(new double[] { 0, 1, 2, -1, 10, 20, 30, 40, -2, 9, 10, 11 }, y.ToArray<double>());

        // Through a strided view, into the base tensor.
        var z = Seq(2, 6);
        var everyOther = z[.., TensorIndex.Slice(step: 2)];
        everyOther[.., Longs([2])] = Tensor.Scalar(-5.0);
        Assert.Equal(new double[] { 0, 1, 2, 3, -5, 5, 6, 7, 8, 9, -5, 11 }, z.ToArray<double>());

        // Every dtype, values converted to it.
        var counts = Tensor.Zeros(new Shape(4), DType.Int64);
        counts[Longs([3, 1])] = Tensor.FromArray(new double[] { 7, 2 });
        Assert.Equal(new long[] { 0, 2, 0, 7 }, counts.ToArray<long>());
        var flags = Tensor.Zeros(new Shape(4), DType.Bool);
        flags[Tensor.FromArray(new[] { false, true, false, true })] = Tensor.Scalar(1.0);
        Assert.Equal(new[] { false, true, false, true }, flags.ToArray<bool>());
    }
}
