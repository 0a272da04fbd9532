namespace AutoDiffGen;

/// <summary>The tolerances and mismatch handler of one cross-check scope; null members mean the defaults.</summary>
internal sealed record CrossCheckSettings(double? RelativeTolerance, double? AbsoluteTolerance, Action<GradientMismatchException>? OnMismatch)
{
    /// <summary>What the process-wide switch uses: per-dtype defaults, throw on mismatch.</summary>
    public static CrossCheckSettings Default { get; } = new(null, null, null);
}
