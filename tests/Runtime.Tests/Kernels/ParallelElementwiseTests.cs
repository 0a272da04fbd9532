namespace AutoDiffGen.Tests.Kernels;

/// <summary>Tensors big enough to be split across cores must give exactly the single-threaded answer.</summary>
public class ParallelElementwiseTests
{
    private const int Large = (1 << 19) + 37;

    [Fact]
    public void LargeBinaryAndScalarOpsMatchElementwiseFormula()
    {
        var x = Tensor.Arange(Large, DType.Float64);
        var y = Tensor.Arange(Large, DType.Float64) * 0.5;
        var sum = (x + y).ToArray<double>();
        var scaled = (2.0 * x).ToArray<double>();
        var shifted = (x - 1.0).ToArray<double>();
        for (var i = 0; i < Large; i += 997)
        {
            Assert.Equal(1.5 * i, sum[i]);
            Assert.Equal(2.0 * i, scaled[i]);
            Assert.Equal(i - 1.0, shifted[i]);
        }

        Assert.Equal(1.5 * (Large - 1), sum[^1]);
    }

    [Fact]
    public void LargeUnaryOpMatchesSingleThreadedKernel()
    {
        var x = Tensor.Linspace(-3, 3, Large, DType.Float64);
        var values = x.ToArray<double>();
        var expected = new double[Large];
        System.Numerics.Tensors.TensorPrimitives.Tanh<double>(values, expected);
        Assert.Equal(expected, Tensor.Tanh(x).ToArray<double>());
    }
}
