using static AutoDiffGen.Tests.Ops.OpAssert;

namespace AutoDiffGen.Tests.Ops.InPlace;

using Autograd = global::AutoDiffGen.Autograd;

/// <summary>PyTorch's version counters: a tensor a node saved, overwritten in place before its backward, makes that backward throw.</summary>
public class VersionCounterTests
{
    [Fact]
    public void EveryInPlaceWriteBumpsTheVersionSharedByAllViews()
    {
        var x = Tensor.Zeros(new Shape(2, 3), DType.Float64);
        var view = x[1];
        var start = x.Version;
        x.Add_(1);
        Assert.Equal(start + 1, x.Version);
        view.Mul_(2);
        Assert.Equal(start + 2, x.Version);
        Assert.Equal(x.Version, view.Version);
        Assert.Equal(x.Version, x.Detach().Version);
        x.Fill_(0);
        x.Zero_();
        x.Copy_(Tensor.Ones(3));
        x[0, 0] = Tensor.Scalar(5.0);
        x[x.Gt(0.5)] = Tensor.Scalar(2.0);
        _ = x.AsSpan<double>();
        Assert.Equal(start + 8, x.Version);

        // Out-of-place ops and reads do not count.
        _ = x + 1;
        _ = x.AsReadOnlySpan<double>();
        Assert.Equal(start + 8, x.Version);
    }

    [Fact]
    public void CopyUnderNoGradOfASavedInputRaisesAtBackward()
    {
        // y = x·x saves x; before, overwriting x under NoGrad silently gave dy/dx = 2·5 = 10 instead of 2·1 = 2.
        var x = Tensor.FromArray(new double[] { 1 }).RequiresGrad_();
        x.Name = "x";
        var y = x * x;
        using (Autograd.NoGrad())
        {
            x.Copy_(Tensor.FromArray(new double[] { 5 }));
        }

        Throws<InvalidOperationException>(() => y.Backward(), "modified by an in-place operation", "input 0 of Mul", "'x'", "[1]", "float64",
            "at version 1", "expected version 0");
    }

    [Fact]
    public void AnOverwrittenResultThatTheBackwardReadsRaises()
    {
        // Exp's backward reads its result: grad · eˣ.
        var x = Tensor.FromArray(new double[] { 0, 1 }).RequiresGrad_();
        var y = x.Exp();
        using (Autograd.NoGrad())
        {
            y.Mul_(3);
        }

        Throws<InvalidOperationException>(() => y.Sum().Backward(), "the result of Exp", "at version 1", "expected version 0");
    }

    [Fact]
    public void ASavedIndexTensorOverwrittenRaises()
    {
        var x = Tensor.FromArray(new double[] { 1, 2, 3 }).RequiresGrad_();
        var index = Tensor.FromArray(new long[] { 0, 2 });
        var y = Tensor.IndexSelect(x, 0, index);
        index.Fill_(1);
        Throws<InvalidOperationException>(() => y.Sum().Backward(), "a tensor saved by IndexSelect", "int64");
    }

    [Fact]
    public void GeneratedNodesAreCheckedToo()
    {
        // Softmax is one node whose backward the source generator wrote; the runtime checks what it saved.
        var x = Tensor.FromArray(new double[] { 1, 2, 3 }).RequiresGrad_();
        var p = global::AutoDiffGen.Nn.Functional.Softmax(x, 0);
        using (Autograd.NoGrad())
        {
            x.Add_(1);
        }

        Throws<InvalidOperationException>(() => (p * Tensor.FromArray(new double[] { 1, 0, 0 })).Sum().Backward(), "input 0 of Softmax", "at version");
    }

    [Fact]
    public void WritesAfterBackwardOrBeforeRecordingAreFine()
    {
        var x = Tensor.FromArray(new double[] { 3 }).RequiresGrad_();
        using (Autograd.NoGrad())
        {
            x.Mul_(2);      // before the graph is built: the graph saves version 1 and sees version 1
        }

        var y = x * x;
        y.Backward();
        Assert.Equal(12, x.Grad!.Item<double>());
        using (Autograd.NoGrad())
        {
            x.Add_(1);      // after backward
        }

        x.Grad = null;
        (x * x).Backward();
        Assert.Equal(14, x.Grad!.Item<double>());
    }

    [Fact]
    public void AWriteBetweenTwoBackwardsOfARetainedGraphRaisesOnTheSecond()
    {
        var x = Tensor.FromArray(new double[] { 2 }).RequiresGrad_();
        var y = x.Sin() * x;
        y.Backward(retainGraph: true);
        using (Autograd.NoGrad())
        {
            x.Sub_(1);
        }

        Throws<InvalidOperationException>(() => y.Backward(), "modified by an in-place operation", "expected version");
    }
}
