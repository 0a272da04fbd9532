namespace AutoDiffGen.Tests.Nn;

/// <summary>Element-wise comparisons with an absolute-plus-relative tolerance, naming the first differing index.</summary>
internal static class NnAssert
{
    public static void Close(double[] expected, double[] actual, double tolerance = 1e-12)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            var ok = Math.Abs(expected[i] - actual[i]) <= tolerance * (1 + Math.Abs(expected[i]))
                || (double.IsNaN(expected[i]) && double.IsNaN(actual[i]));
            Assert.True(ok, $"index {i}: expected {expected[i]:R}, got {actual[i]:R} (tolerance {tolerance})");
        }
    }

    public static void Close(double expected, double actual, double tolerance = 1e-12) => Close([expected], [actual], tolerance);

    /// <summary>A float64 leaf requiring grad, for GradCheck.</summary>
    public static Tensor Leaf(double[] values, params int[] shape) => Tensor.FromArray(values, shape).RequiresGrad_();
}
