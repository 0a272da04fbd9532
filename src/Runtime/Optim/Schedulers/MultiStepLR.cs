namespace AutoDiffGen.Optim;

/// <summary>Multiplies the learning rate by <see cref="Gamma"/> at each milestone epoch (<c>MultiStepLR</c>); a repeated milestone applies gamma once per repeat.</summary>
public sealed class MultiStepLR : LRScheduler
{
    private readonly int[] _milestones;

    /// <summary>Creates the schedule.</summary>
    public MultiStepLR(Optimizer optimizer, IEnumerable<int> milestones, double gamma = 0.1, int lastEpoch = -1)
        : base(optimizer, lastEpoch)
    {
        ArgumentNullException.ThrowIfNull(milestones);
        _milestones = [.. milestones.Order()];
        Gamma = gamma;
        InitialStep();
    }

    /// <summary>The epochs at which the rate decays, sorted.</summary>
    public IReadOnlyList<int> Milestones => _milestones;

    /// <summary>Multiplicative factor of the decay.</summary>
    public double Gamma { get; }

    /// <inheritdoc/>
    protected override double ComputeLr(int index, ParamGroup group)
    {
        var hits = _milestones.Count(m => m == LastEpoch);
        return hits == 0 ? group.Lr : group.Lr * Math.Pow(Gamma, hits);
    }
}
