using AutoDiffGen.Nn;

namespace AutoDiffGen.Tests.Nn;

public class ClipGradTests
{
    private static (Tensor A, Tensor B) Params()
    {
        var a = Tensor.Zeros(new Shape(2), DType.Float64).RequiresGrad_();
        var b = Tensor.Zeros(new Shape(1), DType.Float64).RequiresGrad_();
        a.Grad = Tensor.FromArray(new double[] { 3, -4 });
        b.Grad = Tensor.FromArray(new double[] { 12 });
        return (a, b);
    }

    [Fact]
    public void ClipGradNormScalesAllGradientsByTheTotalNorm()
    {
        var (a, b) = Params();
        var total = Utils.ClipGradNorm([a, b], maxNorm: 6.5);
        Assert.Equal(13, total.Item<double>(), 12);
        var scale = 6.5 / (13 + 1e-6);
        NnAssert.Close([3 * scale, -4 * scale], a.Grad!.ToArray<double>(), 1e-15);
        NnAssert.Close([12 * scale], b.Grad!.ToArray<double>(), 1e-15);
    }

    [Fact]
    public void ClipGradNormLeavesSmallGradientsAlone()
    {
        var (a, b) = Params();
        Assert.Equal(13, Utils.ClipGradNorm([a, b], maxNorm: 100).Item<double>(), 12);
        Assert.Equal(new double[] { 3, -4 }, a.Grad!.ToArray<double>());
    }

    [Fact]
    public void ClipGradNormSupportsOtherOrdersAndInfinity()
    {
        var (a, b) = Params();
        Assert.Equal(12, Utils.ClipGradNorm([a, b], 100, double.PositiveInfinity).Item<double>());
        (a, b) = Params();
        Assert.Equal(19, Utils.ClipGradNorm([a, b], 100, normType: 1).Item<double>(), 12);
    }

    [Fact]
    public void ClipGradNormCanRefuseNonFiniteNorms()
    {
        var (a, b) = Params();
        b.Grad = Tensor.FromArray(new double[] { double.NaN });
        Assert.Throws<InvalidOperationException>(() => Utils.ClipGradNorm([a, b], 1, errorIfNonfinite: true));
        Assert.Equal(0f, Utils.ClipGradNorm([Tensor.Zeros(1).RequiresGrad_()], 1).Item<float>());
    }

    [Fact]
    public void ClipGradValueClampsElementwise()
    {
        var (a, b) = Params();
        Utils.ClipGradValue([a, b], 3.5);
        Assert.Equal(new double[] { 3, -3.5 }, a.Grad!.ToArray<double>());
        Assert.Equal(new double[] { 3.5 }, b.Grad!.ToArray<double>());
    }
}
