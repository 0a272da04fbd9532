namespace AutoDiffGen.Optim;

/// <summary>
/// Cosine annealing from the base rate down to <see cref="EtaMin"/> over <see cref="TMax"/> epochs, then back up
/// (<c>CosineAnnealingLR</c>), in PyTorch's recursive form:
/// ηₜ = (1 + cos(πt/T)) / (1 + cos(π(t−1)/T)) · (ηₜ₋₁ − η_min) + η_min, which equals the closed form
/// η_min + (η₀ − η_min)(1 + cos(πt/T))/2 while nothing else changes the rate.
/// </summary>
public sealed class CosineAnnealingLR : LRScheduler
{
    /// <summary>Creates the schedule.</summary>
    public CosineAnnealingLR(Optimizer optimizer, int tMax, double etaMin = 0, int lastEpoch = -1)
        : base(optimizer, lastEpoch)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(tMax);
        TMax = tMax;
        EtaMin = etaMin;
        InitialStep();
    }

    /// <summary>Half-period, in epochs.</summary>
    public int TMax { get; }

    /// <summary>The minimum learning rate.</summary>
    public double EtaMin { get; }

    /// <inheritdoc/>
    protected override double ComputeLr(int index, ParamGroup group)
    {
        var t = LastEpoch;
        if (t == 0)
        {
            return group.Lr;
        }

        if ((t - 1 - TMax) % (2 * TMax) == 0)
        {
            // At the trough the recursive ratio is 0/0; PyTorch steps up by the first increment of the next half-cycle.
            return group.Lr + (BaseLrs[index] - EtaMin) * (1 - Math.Cos(Math.PI / TMax)) / 2;
        }

        return (1 + Math.Cos(Math.PI * t / TMax)) / (1 + Math.Cos(Math.PI * (t - 1) / TMax)) * (group.Lr - EtaMin) + EtaMin;
    }
}
