using AutoDiffGen.Kernels;

namespace AutoDiffGen.Tests.Kernels;

/// <summary>The four-accumulator sum behind <c>Sum()</c>: every length's tail, both element types, exact integers.</summary>
public class VectorSumTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(15)]
    [InlineData(63)]
    [InlineData(64)]
    [InlineData(65)]
    [InlineData(129)]
    [InlineData(1000)]
    [InlineData(70_001)]
    public void SumsOfSmallIntegersAreExact(int length)
    {
        // Integers up to 2^24 are exact in float32, so any summation order must give the closed form.
        var floats = Enumerable.Range(0, length).Select(i => (float)(i % 7)).ToArray();
        var doubles = Enumerable.Range(0, length).Select(i => (double)(i % 13) - 6).ToArray();

        Assert.Equal(floats.Sum(), VectorSum.Sum<float>(floats));
        Assert.Equal(doubles.Sum(), VectorSum.Sum<double>(doubles));
    }

    [Fact]
    public void EveryStartingAlignmentGivesTheExactSum()
    {
        // Slices starting at each offset exercise the scalar head that brings loads to a 64-byte boundary.
        var floats = Enumerable.Range(0, 5000).Select(i => (float)(i % 5)).ToArray();
        for (var offset = 0; offset < 40; offset++)
        {
            var slice = floats.AsSpan(offset);
            var expected = 0f;
            foreach (var value in slice)
            {
                expected += value;
            }

            Assert.Equal(expected, VectorSum.Sum<float>(slice));
            Assert.Equal(expected, VectorSum.Sum<float>(slice[..Math.Min(slice.Length, offset + 3)]) + VectorSum.Sum<float>(slice[Math.Min(slice.Length, offset + 3)..]));
        }
    }

    [Fact]
    public void SumOfRandomValuesMatchesAFloat64Reference()
    {
        var g = new Random(11);
        var values = Enumerable.Range(0, 100_003).Select(_ => (float)(g.NextDouble() - 0.5)).ToArray();
        var reference = values.Select(v => (double)v).Sum();

        // 100k float32 adds: each partial sum rounds at ~6e-8 relative to its magnitude (at most ~50 here).
        Assert.Equal(reference, VectorSum.Sum<float>(values), 1e-3);
        Assert.Equal(reference, (double)Tensor.FromArray(values, values.Length).Sum().Item<float>(), 1e-3);
    }

    [Fact]
    public void ScalarParameterOpsSplitAcrossCoresMatchTheFormula()
    {
        var n = (1 << 19) + 5;
        var x = Tensor.Linspace(-1, 1, n, DType.Float64);
        var relu = Tensor.Relu(x).ToArray<double>();
        var values = x.ToArray<double>();
        for (var i = 0; i < n; i += 101)
        {
            Assert.Equal(Math.Max(values[i], 0), relu[i]);
        }

        Assert.Equal(Math.Max(values[^1], 0), relu[^1]);
    }
}
