using AutoDiffGen.Fusion;

namespace AutoDiffGen.Tests.Autograd.Fusion;

/// <summary>
/// The fused elementwise driver: one node per call, broadcasting (one-element inputs read as filled blocks, others
/// expanded, gradients summed back), gradients only where needed, threads for large tensors, and errors naming the
/// function, its inputs and their shapes.
/// </summary>
public class ElementwiseTests
{
    [Fact]
    public void RecordsOneNodeAndComputesEveryNeededGradient()
    {
        var a = Tensor.FromArray(new[] { 1.0, 2, 3, 4, 5, 6 }, 2, 3).RequiresGrad_();
        var b = Tensor.FromArray(new[] { 10.0, 20, 30 }, 3).RequiresGrad_();
        var c = Tensor.Scalar(0.5).RequiresGrad_();

        var y = Elementwise.Apply(ProductKernel.Instance, a, b, c);
        Assert.Equal("Product", y.GradFn!.Name);
        Assert.Equal(new[] { 10.5, 40.5, 90.5, 40.5, 100.5, 180.5 }, y.ToArray<double>());

        y.Backward(Tensor.FromArray(new[] { 1.0, 1, 1, 2, 2, 2 }, 2, 3));
        Assert.Equal(new[] { 10.0, 20, 30, 20, 40, 60 }, a.Grad!.ToArray<double>());
        Assert.Equal(new[] { 1.0 + 8, 2 + 10, 3 + 12 }, b.Grad!.ToArray<double>());
        Assert.Equal(new Shape(3), b.Grad.Shape);
        Assert.Null(c.Grad);
    }

    [Fact]
    public void AOneElementInputIsBroadcastAndItsGradientSummed()
    {
        var a = Tensor.Arange(0, 5000, 1, DType.Float32).RequiresGrad_();
        var b = Tensor.FromArray(new[] { 2f }, 1, 1).RequiresGrad_();
        var y = Elementwise.Apply(ProductKernel.Instance, a, b, Tensor.Scalar(1f));
        Assert.Equal(new Shape(1, 5000), y.Shape);

        y.Sum().Backward();
        Assert.Equal(new Shape(1, 1), b.Grad!.Shape);
        Assert.Equal(4999 * 5000 / 2, b.Grad.ToArray<float>()[0]);
        Assert.All(a.Grad!.ToArray<float>(), g => Assert.Equal(2f, g));
    }

    [Fact]
    public void OnlyGradientsTheTapeNeedsAreComputed()
    {
        var a = Tensor.FromArray(new[] { 1.0, 2 }, 2);
        var b = Tensor.FromArray(new[] { 3.0, 4 }, 2).RequiresGrad_();
        var y = Elementwise.Apply(ProductKernel.Instance, a, b, Tensor.Scalar(0.0));
        y.Sum().Backward();
        Assert.Null(a.Grad);
        Assert.Equal(new[] { 1.0, 2 }, b.Grad!.ToArray<double>());
    }

    [Fact]
    public void LargeTensorsSplitAcrossThreadsGiveTheSameAnswer()
    {
        const int n = 700_000;
        var a = Tensor.Rand(new Shape(n), DType.Float64, new Generator(1)).RequiresGrad_();
        var b = Tensor.Rand(new Shape(n), DType.Float64, new Generator(2)).RequiresGrad_();
        var y = Elementwise.Apply(ProductKernel.Instance, a, b, Tensor.Scalar(0.25));
        y.Sum().Backward();

        var (av, bv, yv) = (a.ToArray<double>(), b.ToArray<double>(), y.ToArray<double>());
        var (ga, gb) = (a.Grad!.ToArray<double>(), b.Grad!.ToArray<double>());
        for (var i = 0; i < n; i += 997)
        {
            Assert.Equal(av[i] * bv[i] + 0.25, yv[i]);
            Assert.Equal(bv[i], ga[i]);
            Assert.Equal(av[i], gb[i]);
        }
    }

    [Fact]
    public void NoGradModeRecordsNothing()
    {
        var a = Tensor.FromArray(new[] { 1.0 }, 1).RequiresGrad_();
        using (AutoDiffGen.Autograd.NoGrad())
        {
            Assert.Null(Elementwise.Apply(ProductKernel.Instance, a, a, a).GradFn);
        }
    }

    [Fact]
    public void ShapesThatDoNotBroadcastNameTheFunctionAndEveryInput()
    {
        var error = Assert.Throws<ArgumentException>(() => Elementwise.Apply(
            ProductKernel.Instance, Tensor.Zeros(2, 3), Tensor.Zeros(4), Tensor.Zeros(1)));
        Assert.Contains("Product", error.Message);
        Assert.Contains("cannot be broadcast", error.Message);
        Assert.Contains("a (torch.float32, shape [2, 3])", error.Message);
        Assert.Contains("b (torch.float32, shape [4])", error.Message);
    }

    [Fact]
    public void Float32WithFloat64ComputesInFloat64AndGradientsKeepTheirInputsDType()
    {
        var a = Tensor.FromArray(new[] { 1.5f, 2f }, 2).RequiresGrad_();
        var b = Tensor.FromArray(new[] { 3.0, 4 }, 2).RequiresGrad_();
        var y = Elementwise.Apply(ProductKernel.Instance, a, b, Tensor.Scalar(0.25f));
        Assert.Equal(DType.Float64, y.DType);
        Assert.Equal(new[] { 4.75, 8.25 }, y.ToArray<double>());

        y.Sum().Backward();
        Assert.Equal(DType.Float32, a.Grad!.DType);
        Assert.Equal(new[] { 3f, 4f }, a.Grad.ToArray<float>());
        Assert.Equal(new[] { 1.5, 2 }, b.Grad!.ToArray<double>());
    }

    [Fact]
    public void IntegerInputsNameTheFunctionAndEveryInput()
    {
        var error = Assert.Throws<ArgumentException>(() => Elementwise.Apply(
            ProductKernel.Instance, Tensor.Zeros(2), Tensor.Zeros(new Shape(2), DType.Int64), Tensor.Zeros(2)));
        Assert.Contains("Product: every input must be float32 or float64", error.Message);
        Assert.Contains("a (torch.float32, shape [2])", error.Message);
        Assert.Contains("b (torch.int64, shape [2])", error.Message);
    }

    [Fact]
    public void AWrongNumberOfInputsNamesTheExpectedOnes()
    {
        var error = Assert.Throws<ArgumentException>(() => Elementwise.Apply(ProductKernel.Instance, Tensor.Zeros(2)));
        Assert.Contains("Product: expected 3 tensor input(s) (a, b, c), got 1", error.Message);
    }

    [Fact]
    public void ComparisonsAndSelectsKeepTheUnpickedSideOut()
    {
        var x = new[] { -2.0, -0.5, 0, 0.5, 2, double.NaN, 3, -3, 1 };
        var mask = new double[x.Length];
        var picked = new double[x.Length];
        FusedMath<double>.GreaterThan(x, 0.0, mask);
        FusedMath<double>.Select(mask, x, new double[x.Length].Select(_ => double.NaN).ToArray(), picked);
        Assert.Equal(new[] { double.NaN, double.NaN, double.NaN, 0.5, 2, double.NaN, 3, double.NaN, 1 }, picked);

        FusedMath<double>.Not(mask, mask);
        FusedMath<double>.Select(mask, 0.0, x, picked);
        Assert.Equal(new[] { 0.0, 0, 0, 0.5, 2, 0, 3, 0, 1 }, picked);

        var sign = new float[] { -2f, 0f, 3f, -0f, float.NaN, 1e-30f, -1e-30f, 5f, -5f, 0.1f };
        var result = new float[sign.Length];
        FusedMath<float>.Sign(sign, result);
        Assert.Equal(new[] { -1f, 0, 1, 0, float.NaN, 1, -1, 1, -1, 1 }, result);
    }
}
