namespace AutoDiffGen.Optim;

/// <summary>
/// Multiplies the learning rate by <see cref="Factor"/> when a metric has stopped improving for more than
/// <see cref="Patience"/> epochs (<c>ReduceLROnPlateau</c>), then waits <see cref="Cooldown"/> epochs before counting again.
/// </summary>
public sealed class ReduceLROnPlateau
{
    private readonly double[] _minLrs;
    private double[] _lastLr;
    private int _cooldownCounter;

    /// <summary>Creates the schedule.</summary>
    /// <param name="optimizer">The optimizer whose rates are reduced.</param>
    /// <param name="mode">Whether lower (<see cref="PlateauMode.Min"/>) or higher metrics are better.</param>
    /// <param name="factor">Multiplier applied on a plateau (&lt; 1).</param>
    /// <param name="patience">Epochs without improvement tolerated before reducing.</param>
    /// <param name="threshold">Minimum change that counts as an improvement.</param>
    /// <param name="thresholdMode">Whether <paramref name="threshold"/> is relative to the best value or absolute.</param>
    /// <param name="cooldown">Epochs to wait after a reduction before resuming normal operation.</param>
    /// <param name="minLr">Lower bound on every group's rate.</param>
    /// <param name="eps">Reductions smaller than this are skipped.</param>
    public ReduceLROnPlateau(Optimizer optimizer, PlateauMode mode = PlateauMode.Min, double factor = 0.1, int patience = 10,
        double threshold = 1e-4, ThresholdMode thresholdMode = ThresholdMode.Rel, int cooldown = 0, double minLr = 0, double eps = 1e-8)
        : this(optimizer, mode, factor, patience, threshold, thresholdMode, cooldown, Enumerable.Repeat(minLr, optimizer?.ParamGroups.Count ?? 0).ToArray(), eps)
    {
    }

    /// <summary>Creates the schedule with one minimum rate per group.</summary>
    public ReduceLROnPlateau(Optimizer optimizer, PlateauMode mode, double factor, int patience, double threshold, ThresholdMode thresholdMode,
        int cooldown, double[] minLrs, double eps = 1e-8)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(minLrs);
        if (factor >= 1.0)
        {
            throw new ArgumentOutOfRangeException(nameof(factor), factor, "ReduceLROnPlateau: factor should be < 1.0.");
        }

        if (minLrs.Length != optimizer.ParamGroups.Count)
        {
            throw new ArgumentException($"ReduceLROnPlateau: expected {optimizer.ParamGroups.Count} min_lrs, got {minLrs.Length}.");
        }

        Optimizer = optimizer;
        Mode = mode;
        Factor = factor;
        Patience = patience;
        Threshold = threshold;
        ThresholdMode = thresholdMode;
        Cooldown = cooldown;
        Eps = eps;
        _minLrs = (double[])minLrs.Clone();
        Best = mode == PlateauMode.Min ? double.PositiveInfinity : double.NegativeInfinity;
        _lastLr = optimizer.ParamGroups.Select(g => g.Lr).ToArray();
    }

    /// <summary>The optimizer being scheduled.</summary>
    public Optimizer Optimizer { get; }

    /// <summary>Whether lower or higher metrics are better.</summary>
    public PlateauMode Mode { get; }

    /// <summary>Multiplier applied on a plateau.</summary>
    public double Factor { get; }

    /// <summary>Epochs without improvement tolerated before reducing.</summary>
    public int Patience { get; }

    /// <summary>Minimum change that counts as an improvement.</summary>
    public double Threshold { get; }

    /// <summary>Whether the threshold is relative or absolute.</summary>
    public ThresholdMode ThresholdMode { get; }

    /// <summary>Epochs to wait after a reduction.</summary>
    public int Cooldown { get; }

    /// <summary>Reductions smaller than this are skipped.</summary>
    public double Eps { get; }

    /// <summary>The best metric seen so far.</summary>
    public double Best { get; private set; }

    /// <summary>Consecutive epochs without improvement.</summary>
    public int NumBadEpochs { get; private set; }

    /// <summary>Number of calls to <see cref="Step"/>.</summary>
    public int LastEpoch { get; private set; }

    /// <summary>The learning rates after the last step, one per group.</summary>
    public IReadOnlyList<double> GetLastLr() => _lastLr;

    /// <summary>
    /// The schedule's counters as a flat name → 0-d float64 tensor map a checkpoint can hold: <c>best</c>,
    /// <c>num_bad_epochs</c>, <c>cooldown_counter</c> and <c>last_epoch</c>.
    /// </summary>
    public OrderedDictionary<string, Tensor> StateDict() => new()
    {
        ["best"] = Tensor.Scalar(Best),
        ["num_bad_epochs"] = Tensor.Scalar((double)NumBadEpochs),
        ["cooldown_counter"] = Tensor.Scalar((double)_cooldownCounter),
        ["last_epoch"] = Tensor.Scalar((double)LastEpoch),
    };

    /// <summary>Restores counters saved by <see cref="StateDict"/>.</summary>
    public void LoadStateDict(IReadOnlyDictionary<string, Tensor> stateDict)
    {
        ArgumentNullException.ThrowIfNull(stateDict);
        double Read(string key) => stateDict.TryGetValue(key, out var v)
            ? v.ItemAsDouble()
            : throw new InvalidOperationException($"ReduceLROnPlateau.LoadStateDict: the state has no '{key}'.");

        (Best, NumBadEpochs, _cooldownCounter, LastEpoch) = (Read("best"), (int)Read("num_bad_epochs"), (int)Read("cooldown_counter"), (int)Read("last_epoch"));
        _lastLr = Optimizer.ParamGroups.Select(g => g.Lr).ToArray();
    }

    /// <summary>Records this epoch's <paramref name="metric"/> and reduces the rates if it has plateaued.</summary>
    public void Step(double metric)
    {
        LastEpoch++;
        if (IsBetter(metric, Best))
        {
            Best = metric;
            NumBadEpochs = 0;
        }
        else
        {
            NumBadEpochs++;
        }

        if (_cooldownCounter > 0)
        {
            _cooldownCounter--;
            NumBadEpochs = 0;
        }

        if (NumBadEpochs > Patience)
        {
            var groups = Optimizer.ParamGroups;
            for (var i = 0; i < groups.Count; i++)
            {
                var old = groups[i].Lr;
                var reduced = Math.Max(old * Factor, _minLrs[i]);
                if (old - reduced > Eps)
                {
                    groups[i].Lr = reduced;
                }
            }

            _cooldownCounter = Cooldown;
            NumBadEpochs = 0;
        }

        _lastLr = Optimizer.ParamGroups.Select(g => g.Lr).ToArray();
    }

    private bool IsBetter(double a, double best) => (Mode, ThresholdMode) switch
    {
        (PlateauMode.Min, ThresholdMode.Rel) => a < best * (1 - Threshold),
        (PlateauMode.Min, _) => a < best - Threshold,
        (PlateauMode.Max, ThresholdMode.Rel) => a > best * (Threshold + 1),
        _ => a > best + Threshold,
    };
}
