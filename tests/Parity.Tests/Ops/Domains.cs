namespace AutoDiffGen.Parity.Tests.Ops;

/// <summary>Common input domains for <see cref="OpCase.Domain"/>: maps of a standard-normal draw.</summary>
internal static class Domains
{
    /// <summary>In [0.1, ∞): for log, sqrt, rsqrt and pow with a real exponent.</summary>
    public static double Positive(int input, double v) => Math.Abs(v) + 0.1;

    /// <summary>|v| ≥ 0.3 with the draw's sign: keeps denominators and kinks (abs, sign) away from 0.</summary>
    public static double AwayFromZero(int input, double v) => v >= 0 ? v + 0.3 : v - 0.3;

    /// <summary>In (0.02, 0.98): probabilities for BCE, clear of the clamped logs at 0 and 1.</summary>
    public static double Probability(int input, double v) => 0.02 + 0.96 / (1 + Math.Exp(-v));

    /// <summary>Positive for the first input only (pow's base), identity for the rest.</summary>
    public static double FirstPositive(int input, double v) => input == 0 ? Positive(input, v) : v;

    /// <summary>Away from zero for the second input only (a divisor), identity for the first.</summary>
    public static double SecondAwayFromZero(int input, double v) => input == 1 ? AwayFromZero(input, v) : v;
}
