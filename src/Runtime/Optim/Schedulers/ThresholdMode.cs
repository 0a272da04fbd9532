namespace AutoDiffGen.Optim;

/// <summary>How <see cref="ReduceLROnPlateau"/> compares against the best value.</summary>
public enum ThresholdMode
{
    /// <summary>Improvement means beating best·(1 ∓ threshold).</summary>
    Rel,

    /// <summary>Improvement means beating best ∓ threshold.</summary>
    Abs,
}
