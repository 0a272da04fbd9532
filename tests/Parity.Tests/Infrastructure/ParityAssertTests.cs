namespace AutoDiffGen.Parity.Tests.Infrastructure;

public class ParityAssertTests
{
    [Fact]
    public void AllClose_WithinRelativeTolerance_Passes()
    {
        ParityAssert.AllClose(new[] { 1.0, -200.0, 0.0 }, new[] { 1.0 + 1e-7, -200.0 - 1e-5, 0.0 }, rtol: 1e-6);
    }

    [Fact]
    public void AllClose_Mismatch_ReportsCountIndexAndDifferences()
    {
        double[] expected = [1.0, 2.0, 4.0, 8.0];
        double[] actual = [1.0, 2.5, 4.0, 8.1];

        var failure = Assert.ThrowsAny<Exception>(() => ParityAssert.AllClose(expected, actual, rtol: 1e-3, what: "grad"));

        Assert.Contains("grad: 2 of 4 elements differ beyond rtol=0.001, atol=0.", failure.Message);
        Assert.Contains("first at index 1: expected 2, actual 2.5", failure.Message);
        Assert.Contains("max abs diff 0.5 at index 1", failure.Message);
        Assert.Contains("max rel diff 0.25 at index 1", failure.Message);
    }

    [Fact]
    public void AllClose_ZeroExpected_NeedsAbsoluteTolerance()
    {
        Assert.ThrowsAny<Exception>(() => ParityAssert.AllClose(new[] { 0.0 }, new[] { 1e-12 }, rtol: 1e-3));
        ParityAssert.AllClose(new[] { 0.0 }, new[] { 1e-12 }, rtol: 1e-3, atol: 1e-9);
    }

    [Fact]
    public void AllClose_NonFinite_MustMatchExactly()
    {
        ParityAssert.AllClose(new[] { double.NaN, double.PositiveInfinity }, new[] { double.NaN, double.PositiveInfinity }, rtol: 1e-6);
        var failure = Assert.ThrowsAny<Exception>(
            () => ParityAssert.AllClose(new[] { 1.0, double.PositiveInfinity }, new[] { 1.0, double.NaN }, rtol: 1e-6));
        Assert.Contains("first at index 1: expected Infinity, actual NaN", failure.Message);
    }

    [Fact]
    public void AllClose_LengthMismatch_SaysBothLengths()
    {
        var failure = Assert.ThrowsAny<Exception>(() => ParityAssert.AllClose(new[] { 1f, 2f }, new[] { 1f }, rtol: 1e-6));
        Assert.Contains("expected 2 elements, got 1", failure.Message);
    }
}
