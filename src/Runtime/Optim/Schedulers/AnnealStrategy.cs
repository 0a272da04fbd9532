namespace AutoDiffGen.Optim;

/// <summary>How <see cref="OneCycleLR"/> moves between two values within a phase.</summary>
public enum AnnealStrategy
{
    /// <summary>Cosine: end + (start − end)/2 · (1 + cos(π·pct)).</summary>
    Cos,

    /// <summary>Linear: start + (end − start)·pct.</summary>
    Linear,
}
