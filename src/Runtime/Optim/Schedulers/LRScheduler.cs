using System.Globalization;

namespace AutoDiffGen.Optim;

/// <summary>
/// Base of the epoch- or step-based learning-rate schedules (PyTorch's <c>torch.optim.lr_scheduler.LRScheduler</c>).
/// Construction records each group's <c>initial_lr</c> and performs the initial step (epoch 0); each <see cref="Step"/>
/// then advances <see cref="LastEpoch"/> and writes the new rates into the optimizer's groups. Schedules use PyTorch's
/// recursive (chainable) forms, so they compose with other changes to the rates as PyTorch's do.
/// </summary>
public abstract class LRScheduler
{
    private double[] _lastLr = [];
    private double[] _baseLrs;

    /// <summary>Attaches the schedule to <paramref name="optimizer"/>; call this base constructor last, after setting fields GetLr reads.</summary>
    /// <param name="optimizer">The optimizer whose group learning rates are scheduled.</param>
    /// <param name="lastEpoch">The index of the last epoch when resuming; −1 to start fresh.</param>
    protected LRScheduler(Optimizer optimizer, int lastEpoch = -1)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        Optimizer = optimizer;
        foreach (var group in optimizer.ParamGroups)
        {
            if (lastEpoch == -1)
            {
                group.SetDefault("initial_lr", group.Lr);
            }
            else if (!group.Contains("initial_lr"))
            {
                throw new ArgumentException($"{GetType().Name}: param 'initial_lr' is not specified in a param group when resuming an optimizer (lastEpoch = {lastEpoch}).");
            }
        }

        _baseLrs = optimizer.ParamGroups.Select(g => g["initial_lr"]).ToArray();
        LastEpoch = lastEpoch;
    }

    /// <summary>The optimizer being scheduled.</summary>
    public Optimizer Optimizer { get; }

    /// <summary>The index of the last step taken (0 right after construction).</summary>
    public int LastEpoch { get; private set; }

    /// <summary>Each group's learning rate when the schedule began (its <c>initial_lr</c>).</summary>
    public IReadOnlyList<double> BaseLrs => _baseLrs;

    /// <summary>The learning rates set by the last step, one per group (PyTorch's <c>get_last_lr()</c>).</summary>
    public IReadOnlyList<double> GetLastLr() => _lastLr;

    /// <summary>Advances the schedule by one epoch (or batch, for per-step schedules) and updates the optimizer's rates.</summary>
    public void Step()
    {
        LastEpoch++;
        var groups = Optimizer.ParamGroups;
        var lrs = new double[groups.Count];
        for (var i = 0; i < groups.Count; i++)
        {
            lrs[i] = ComputeLr(i, groups[i]);
        }

        for (var i = 0; i < groups.Count; i++)
        {
            groups[i].Lr = lrs[i];
        }

        _lastLr = lrs;
    }

    /// <summary>
    /// The schedule's position as a flat name → 0-d float64 tensor map a checkpoint can hold (PyTorch's
    /// <c>state_dict()</c>): <c>last_epoch</c>, <c>base_lrs.{i}</c> and <c>last_lr.{i}</c>. The optimizer's own rates
    /// travel in the optimizer's state dict.
    /// </summary>
    public OrderedDictionary<string, Tensor> StateDict()
    {
        var dict = new OrderedDictionary<string, Tensor> { ["last_epoch"] = Tensor.Scalar((double)LastEpoch) };
        for (var i = 0; i < _baseLrs.Length; i++)
        {
            dict[string.Create(CultureInfo.InvariantCulture, $"base_lrs.{i}")] = Tensor.Scalar(_baseLrs[i]);
        }

        for (var i = 0; i < _lastLr.Length; i++)
        {
            dict[string.Create(CultureInfo.InvariantCulture, $"last_lr.{i}")] = Tensor.Scalar(_lastLr[i]);
        }

        return dict;
    }

    /// <summary>Restores a position saved by <see cref="StateDict"/>, so the next <see cref="Step"/> continues the saved run.</summary>
    public void LoadStateDict(IReadOnlyDictionary<string, Tensor> stateDict)
    {
        ArgumentNullException.ThrowIfNull(stateDict);
        var groups = Optimizer.ParamGroups.Count;
        if (!stateDict.TryGetValue("last_epoch", out var lastEpoch))
        {
            throw new InvalidOperationException($"{GetType().Name}.LoadStateDict: the state has no 'last_epoch'.");
        }

        double Read(string prefix, int i) => stateDict.TryGetValue(string.Create(CultureInfo.InvariantCulture, $"{prefix}.{i}"), out var v)
            ? v.ItemAsDouble()
            : throw new InvalidOperationException($"{GetType().Name}.LoadStateDict: the state has no '{prefix}.{i}' (this optimizer has {groups} parameter groups).");

        var baseLrs = Enumerable.Range(0, groups).Select(i => Read("base_lrs", i)).ToArray();
        var lastLr = Enumerable.Range(0, groups).Select(i => Read("last_lr", i)).ToArray();
        LastEpoch = (int)lastEpoch.ItemAsDouble();
        _baseLrs = baseLrs;
        _lastLr = lastLr;
    }

    /// <summary>Performs the initial step; derived constructors call it once their own fields are set.</summary>
    protected void InitialStep() => Step();

    /// <summary>The learning rate of group <paramref name="index"/> at <see cref="LastEpoch"/>, from its current rate (PyTorch's <c>get_lr</c>).</summary>
    protected abstract double ComputeLr(int index, ParamGroup group);
}
