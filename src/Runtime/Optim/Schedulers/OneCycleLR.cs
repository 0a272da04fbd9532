namespace AutoDiffGen.Optim;

/// <summary>
/// The 1cycle policy (<c>OneCycleLR</c>), stepped once per batch: the rate climbs from max_lr/div_factor to max_lr over
/// the first <see cref="PctStart"/> of the steps, then anneals to initial_lr/final_div_factor; momentum (or Adam's β₁)
/// moves inversely between max and base momentum. With <see cref="ThreePhase"/> the rate first returns symmetrically to
/// its initial value and only then anneals to the minimum.
/// </summary>
public sealed class OneCycleLR : LRScheduler
{
    private readonly Phase[] _phases;
    private readonly string? _momentumKey;

    /// <summary>Creates the schedule; give <paramref name="totalSteps"/>, or <paramref name="epochs"/> and <paramref name="stepsPerEpoch"/>.</summary>
    public OneCycleLR(Optimizer optimizer, double maxLr, int? totalSteps = null, int? epochs = null, int? stepsPerEpoch = null,
        double pctStart = 0.3, AnnealStrategy annealStrategy = AnnealStrategy.Cos, bool cycleMomentum = true, double baseMomentum = 0.85,
        double maxMomentum = 0.95, double divFactor = 25, double finalDivFactor = 1e4, bool threePhase = false, int lastEpoch = -1)
        : base(Prepare(optimizer, maxLr, divFactor, finalDivFactor, cycleMomentum, maxMomentum, baseMomentum, lastEpoch), lastEpoch)
    {
        TotalSteps = totalSteps switch
        {
            > 0 => totalSteps.Value,
            null when epochs > 0 && stepsPerEpoch > 0 => epochs.Value * stepsPerEpoch.Value,
            _ => throw new ArgumentException("OneCycleLR: you must define either totalSteps > 0, or epochs > 0 and stepsPerEpoch > 0."),
        };
        if (pctStart is < 0 or > 1 || double.IsNaN(pctStart))
        {
            throw new ArgumentOutOfRangeException(nameof(pctStart), pctStart, "OneCycleLR: expected a float between 0 and 1.");
        }

        PctStart = pctStart;
        AnnealStrategy = annealStrategy;
        ThreePhase = threePhase;
        _momentumKey = cycleMomentum ? MomentumKey(optimizer) : null;
        var total = (double)TotalSteps;
        _phases = threePhase
            ?
            [
                new(pctStart * total - 1, "initial_lr", "max_lr", "max_momentum", "base_momentum"),
                new(2 * pctStart * total - 2, "max_lr", "initial_lr", "base_momentum", "max_momentum"),
                new(total - 1, "initial_lr", "min_lr", "max_momentum", "max_momentum"),
            ]
            :
            [
                new(pctStart * total - 1, "initial_lr", "max_lr", "max_momentum", "base_momentum"),
                new(total - 1, "max_lr", "min_lr", "base_momentum", "max_momentum"),
            ];
        InitialStep();
    }

    /// <summary>Number of steps in the cycle.</summary>
    public int TotalSteps { get; }

    /// <summary>Fraction of the cycle spent increasing the rate.</summary>
    public double PctStart { get; }

    /// <summary>Cosine or linear annealing.</summary>
    public AnnealStrategy AnnealStrategy { get; }

    /// <summary>Whether the schedule has three phases.</summary>
    public bool ThreePhase { get; }

    /// <inheritdoc/>
    protected override double ComputeLr(int index, ParamGroup group)
    {
        var step = LastEpoch;
        if (step > TotalSteps)
        {
            throw new InvalidOperationException($"OneCycleLR: tried to step {step} times; the specified number of total steps is {TotalSteps}.");
        }

        var start = 0.0;
        for (var i = 0; i < _phases.Length; i++)
        {
            var phase = _phases[i];
            if (step <= phase.EndStep || i == _phases.Length - 1)
            {
                var pct = (step - start) / (phase.EndStep - start);
                if (_momentumKey is not null)
                {
                    group[_momentumKey] = Anneal(group[phase.StartMomentum], group[phase.EndMomentum], pct);
                }

                return Anneal(group[phase.StartLr], group[phase.EndLr], pct);
            }

            start = phase.EndStep;
        }

        throw new InvalidOperationException("OneCycleLR: unreachable.");
    }

    private double Anneal(double start, double end, double pct) => AnnealStrategy == AnnealStrategy.Cos
        ? end + (start - end) / 2.0 * (Math.Cos(Math.PI * pct) + 1)
        : (end - start) * pct + start;

    /// <summary>Writes initial_lr, max_lr, min_lr (and the momentum bounds) into each group before the base constructor reads them.</summary>
    private static Optimizer Prepare(Optimizer optimizer, double maxLr, double divFactor, double finalDivFactor, bool cycleMomentum,
        double maxMomentum, double baseMomentum, int lastEpoch)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        var key = cycleMomentum ? MomentumKey(optimizer) : null;
        foreach (var group in optimizer.ParamGroups)
        {
            if (lastEpoch == -1)
            {
                var initial = maxLr / divFactor;
                group["initial_lr"] = initial;
                group.Lr = initial;
                group["max_lr"] = maxLr;
                group["min_lr"] = initial / finalDivFactor;
            }

            if (key is not null)
            {
                if (lastEpoch == -1)
                {
                    group[key] = maxMomentum;
                }

                group["max_momentum"] = maxMomentum;
                group["base_momentum"] = baseMomentum;
            }
        }

        return optimizer;
    }

    /// <summary>Adam-style optimizers cycle β₁, the others their momentum; one with neither cannot cycle momentum.</summary>
    private static string MomentumKey(Optimizer optimizer) =>
        optimizer.Defaults.ContainsKey("beta1") ? "beta1"
        : optimizer.Defaults.ContainsKey("momentum") ? "momentum"
        : throw new ArgumentException($"OneCycleLR: optimizer {optimizer.GetType().Name} has neither momentum nor betas; pass cycleMomentum: false.");

    private sealed record Phase(double EndStep, string StartLr, string EndLr, string StartMomentum, string EndMomentum);
}
