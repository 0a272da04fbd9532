namespace AutoDiffGen.Optim;

/// <summary>Multiplies the learning rate by <see cref="Gamma"/> every epoch (<c>ExponentialLR</c>).</summary>
public sealed class ExponentialLR : LRScheduler
{
    /// <summary>Creates the schedule.</summary>
    public ExponentialLR(Optimizer optimizer, double gamma, int lastEpoch = -1)
        : base(optimizer, lastEpoch)
    {
        Gamma = gamma;
        InitialStep();
    }

    /// <summary>Multiplicative factor of the decay.</summary>
    public double Gamma { get; }

    /// <inheritdoc/>
    protected override double ComputeLr(int index, ParamGroup group) => LastEpoch == 0 ? group.Lr : group.Lr * Gamma;
}
