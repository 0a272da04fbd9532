namespace AutoDiffGen.Tests.Autograd;

using Autograd = global::AutoDiffGen.Autograd;

public class GradModeTests
{
    private static Tensor Leaf() => Tensor.FromArray(new double[] { 1, 2 }).RequiresGrad_();

    [Fact]
    public void NoGradRecordsNothing()
    {
        var x = Leaf();
        Tensor y;
        using (Autograd.NoGrad())
        {
            Assert.False(Autograd.IsGradEnabled);
            y = x * 2.0;
        }

        Assert.True(Autograd.IsGradEnabled);
        Assert.False(y.RequiresGrad);
        Assert.Null(y.GradFn);
        Assert.True(y.IsLeaf);
    }

    [Fact]
    public void NoGradScopesNestAndEnableGradReopensRecording()
    {
        var x = Leaf();
        using (Autograd.NoGrad())
        {
            using (Autograd.NoGrad())
            {
                Assert.False(Autograd.IsGradEnabled);
            }

            Assert.False(Autograd.IsGradEnabled);
            Assert.Null((x * 2.0).GradFn);
            using (Autograd.EnableGrad())
            {
                Assert.NotNull((x * 2.0).GradFn);
            }

            Assert.False(Autograd.IsGradEnabled);
        }

        Assert.True(Autograd.IsGradEnabled);
    }

    [Fact]
    public void NoGradIsThreadLocal()
    {
        var x = Leaf();
        Tensor? recordedElsewhere = null;
        using (Autograd.NoGrad())
        {
            var other = new Thread(() => recordedElsewhere = x * 2.0);
            other.Start();
            other.Join();
            Assert.Null((x * 2.0).GradFn);
        }

        Assert.NotNull(recordedElsewhere!.GradFn);
        Assert.True(recordedElsewhere.RequiresGrad);
    }

    [Fact]
    public void DetachSharesDataButCutsTheGraph()
    {
        var x = Leaf();
        var d = (x * 1.0).Detach();
        Assert.True(d.IsLeaf);
        Assert.False(d.RequiresGrad);
        Assert.Equal(new double[] { 1, 2 }, d.ToArray<double>());
        Assert.Same(x.Storage, x.Detach().Storage);

        // Only the undetached factor carries gradient: d/dx (x · stop(x)) = x, not 2x.
        (x * x.Detach()).Sum().Backward();
        Assert.Equal(new double[] { 1, 2 }, x.Grad!.ToArray<double>());
    }

    [Fact]
    public void RequiresGradPropagatesFromAnyInput()
    {
        var a = Leaf();
        var b = Tensor.FromArray(new double[] { 3, 4 });
        Assert.True((a * b).RequiresGrad);
        Assert.True((b * a).RequiresGrad);
        Assert.False((b * b).RequiresGrad);
        Assert.False((a * b).IsLeaf);
        Assert.True(a[0].RequiresGrad);
        Assert.False(b[0].RequiresGrad);
    }

    [Fact]
    public void RequiresGradRulesMatchPyTorch()
    {
        var y = Leaf() * 2.0;
        var e = Assert.Throws<InvalidOperationException>(() => y.RequiresGrad = false);
        Assert.Contains("leaf", e.Message);
        var ints = Tensor.FromArray(new long[] { 1, 2 });
        Assert.Contains("floating-point", Assert.Throws<InvalidOperationException>(() => ints.RequiresGrad = true).Message);
    }

    [Fact]
    public void MixedFloatPrecisionPromotesAndGradientsKeepTheirLeafDType()
    {
        var a = Tensor.FromArray(new float[] { 1.5f, 2 }).RequiresGrad_();
        var b = Tensor.FromArray(new double[] { 3, 4 }).RequiresGrad_();
        var c = a * b;
        Assert.Equal(DType.Float64, c.DType);
        c.Sum().Backward();
        Assert.Equal(DType.Float32, a.Grad!.DType);
        Assert.Equal(DType.Float64, b.Grad!.DType);
        Assert.Equal(new float[] { 3, 4 }, a.Grad.ToArray<float>());
        Assert.Equal(new double[] { 1.5, 2 }, b.Grad.ToArray<double>());
    }
}
