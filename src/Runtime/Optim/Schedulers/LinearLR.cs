namespace AutoDiffGen.Optim;

/// <summary>
/// Scales the learning rate by a factor that moves linearly from <see cref="StartFactor"/> to <see cref="EndFactor"/>
/// over <see cref="TotalIters"/> epochs, then holds it (<c>LinearLR</c>; the usual warm-up).
/// </summary>
public sealed class LinearLR : LRScheduler
{
    /// <summary>Creates the schedule.</summary>
    public LinearLR(Optimizer optimizer, double startFactor = 1.0 / 3, double endFactor = 1.0, int totalIters = 5, int lastEpoch = -1)
        : base(optimizer, lastEpoch)
    {
        if (startFactor is <= 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(startFactor), startFactor, "LinearLR: starting multiplicative factor expected to be greater than 0 and less or equal to 1.");
        }

        if (endFactor is < 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(endFactor), endFactor, "LinearLR: ending multiplicative factor expected to be between 0 and 1.");
        }

        StartFactor = startFactor;
        EndFactor = endFactor;
        TotalIters = totalIters;
        InitialStep();
    }

    /// <summary>Factor applied at epoch 0.</summary>
    public double StartFactor { get; }

    /// <summary>Factor reached at <see cref="TotalIters"/>.</summary>
    public double EndFactor { get; }

    /// <summary>Number of epochs the factor takes to reach <see cref="EndFactor"/>.</summary>
    public int TotalIters { get; }

    /// <inheritdoc/>
    protected override double ComputeLr(int index, ParamGroup group)
    {
        if (LastEpoch == 0)
        {
            return group.Lr * StartFactor;
        }

        if (LastEpoch > TotalIters)
        {
            return group.Lr;
        }

        return group.Lr * (1.0 + (EndFactor - StartFactor) / (TotalIters * StartFactor + (LastEpoch - 1) * (EndFactor - StartFactor)));
    }
}
