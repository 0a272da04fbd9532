using System.Globalization;

namespace AutoDiffGen.Parity.Tests.Infrastructure;

/// <summary>
/// Element-wise closeness checks between a reference (libtorch) and a value under test, failing with the worst
/// element's index, values and differences so a mismatch can be read without a debugger.
/// </summary>
internal static class ParityAssert
{
    /// <summary>
    /// Passes when every |actual[i] - expected[i]| &lt;= atol + rtol * |expected[i]| (NumPy's <c>allclose</c>); NaNs must
    /// match NaNs and infinities must match exactly. <paramref name="what"/> names the compared quantity in the message.
    /// </summary>
    public static void AllClose(
        ReadOnlySpan<double> expected, ReadOnlySpan<double> actual, double rtol, double atol = 0, string what = "values")
    {
        if (rtol < 0 || atol < 0 || double.IsNaN(rtol) || double.IsNaN(atol))
        {
            throw new ArgumentOutOfRangeException(nameof(rtol), $"ParityAssert.AllClose: tolerances must be >= 0 (rtol={rtol}, atol={atol}).");
        }
        if (expected.Length != actual.Length)
        {
            Assert.Fail($"{what}: expected {expected.Length} elements, got {actual.Length}.");
        }

        int failures = 0, firstFailure = -1, worstAbsIndex = -1, worstRelIndex = -1;
        double worstAbs = 0, worstRel = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            double e = expected[i], a = actual[i];
            if (double.IsNaN(e) || double.IsNaN(a) || double.IsInfinity(e) || double.IsInfinity(a))
            {
                // Non-finite values carry no useful difference: they either agree exactly or fail outright.
                if (!(double.IsNaN(e) && double.IsNaN(a)) && e != a)
                {
                    failures++;
                    if (firstFailure < 0)
                    {
                        firstFailure = i;
                    }
                }
                continue;
            }

            double abs = Math.Abs(a - e);
            double rel = e == 0 ? (abs == 0 ? 0 : double.PositiveInfinity) : abs / Math.Abs(e);
            if (abs > worstAbs || worstAbsIndex < 0)
            {
                worstAbs = abs;
                worstAbsIndex = i;
            }
            if (rel > worstRel || worstRelIndex < 0)
            {
                worstRel = rel;
                worstRelIndex = i;
            }
            if (abs > atol + rtol * Math.Abs(e))
            {
                failures++;
                if (firstFailure < 0)
                {
                    firstFailure = i;
                }
            }
        }

        if (failures == 0)
        {
            return;
        }

        string message =
            $"{what}: {failures} of {expected.Length} elements differ beyond rtol={F(rtol)}, atol={F(atol)}." + Environment.NewLine +
            $"  first at index {firstFailure}: expected {F(expected[firstFailure])}, actual {F(actual[firstFailure])}";
        if (worstAbsIndex >= 0)
        {
            message += Environment.NewLine +
                $"  max abs diff {F(worstAbs)} at index {worstAbsIndex} (expected {F(expected[worstAbsIndex])}, actual {F(actual[worstAbsIndex])})" +
                Environment.NewLine +
                $"  max rel diff {F(worstRel)} at index {worstRelIndex} (expected {F(expected[worstRelIndex])}, actual {F(actual[worstRelIndex])})";
        }
        Assert.Fail(message);
    }

    /// <summary>Float32 form of <see cref="AllClose(ReadOnlySpan{double}, ReadOnlySpan{double}, double, double, string)"/>; differences are taken in float64.</summary>
    public static void AllClose(
        ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, double rtol, double atol = 0, string what = "values")
        => AllClose(Widen(expected), Widen(actual), rtol, atol, what);

    /// <summary>
    /// <see cref="AllClose(ReadOnlySpan{double}, ReadOnlySpan{double}, double, double, string)"/> with atol = rtol · max|expected|:
    /// each element may differ by <paramref name="rtol"/> relative to itself or to the tensor's largest magnitude, whichever
    /// is larger. An element that is a sum of larger terms (a reduction, a matmul entry, a gradient that cancels near 0)
    /// carries rounding error proportional to those terms, not to its own small value, so a purely per-element relative
    /// test would demand more than either library computes.
    /// </summary>
    public static void AllCloseScaled(ReadOnlySpan<double> expected, ReadOnlySpan<double> actual, double rtol, string what = "values")
    {
        double scale = 0;
        foreach (var e in expected)
        {
            if (double.IsFinite(e))
            {
                scale = Math.Max(scale, Math.Abs(e));
            }
        }
        AllClose(expected, actual, rtol, rtol * scale, what);
    }

    private static double[] Widen(ReadOnlySpan<float> values)
    {
        var result = new double[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            result[i] = values[i];
        }
        return result;
    }

    // Round-trip formatting: a failure must show the digits that differ, not a rounded copy that looks equal.
    private static string F(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
