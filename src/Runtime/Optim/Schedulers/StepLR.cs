namespace AutoDiffGen.Optim;

/// <summary>Multiplies the learning rate by <see cref="Gamma"/> every <see cref="StepSize"/> epochs (<c>StepLR</c>).</summary>
public sealed class StepLR : LRScheduler
{
    /// <summary>Creates the schedule.</summary>
    public StepLR(Optimizer optimizer, int stepSize, double gamma = 0.1, int lastEpoch = -1)
        : base(optimizer, lastEpoch)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(stepSize);
        StepSize = stepSize;
        Gamma = gamma;
        InitialStep();
    }

    /// <summary>Period of the decay, in epochs.</summary>
    public int StepSize { get; }

    /// <summary>Multiplicative factor of the decay.</summary>
    public double Gamma { get; }

    /// <inheritdoc/>
    protected override double ComputeLr(int index, ParamGroup group)
        => LastEpoch == 0 || LastEpoch % StepSize != 0 ? group.Lr : group.Lr * Gamma;
}
