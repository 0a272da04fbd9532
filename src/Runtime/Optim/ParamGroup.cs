namespace AutoDiffGen.Optim;

/// <summary>
/// A set of parameters optimised with the same hyperparameters (an entry of PyTorch's <c>optimizer.param_groups</c>).
/// Hyperparameters are named with PyTorch's keys (<c>lr</c>, <c>momentum</c>, <c>weight_decay</c>, <c>beta1</c>, ...);
/// flags are stored as 1 or 0. Keys the group does not set are filled from the optimizer's defaults.
/// </summary>
/// <example><code>
/// var sgd = new SGD([new ParamGroup(model.Body.Parameters()), new ParamGroup(model.Head.Parameters()) { Lr = 0.1 }], lr: 0.01);
/// </code></example>
public sealed class ParamGroup
{
    private readonly Dictionary<string, double> _options = new(StringComparer.Ordinal);
    private readonly List<Tensor> _params;

    /// <summary>Creates a group of <paramref name="parameters"/>, optionally with its own hyperparameters.</summary>
    public ParamGroup(IEnumerable<Tensor> parameters, IReadOnlyDictionary<string, double>? options = null)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        _params = [.. parameters];
        if (options is not null)
        {
            foreach (var (key, value) in options)
            {
                _options[key] = value;
            }
        }
    }

    /// <summary>The parameters of this group.</summary>
    public IReadOnlyList<Tensor> Params => _params;

    /// <summary>All hyperparameters of this group.</summary>
    public IReadOnlyDictionary<string, double> Options => _options;

    /// <summary>Gets or sets a hyperparameter by its PyTorch name; getting a missing one throws naming it.</summary>
    public double this[string key]
    {
        get => _options.TryGetValue(key, out var v) ? v : throw new KeyNotFoundException($"ParamGroup: no hyperparameter named '{key}' (have: {string.Join(", ", _options.Keys)}).");
        set => _options[key] = value;
    }

    /// <summary>The learning rate (<c>lr</c>); what schedulers change.</summary>
    public double Lr
    {
        get => this["lr"];
        set => this["lr"] = value;
    }

    /// <summary>True when hyperparameter <paramref name="key"/> is set.</summary>
    public bool Contains(string key) => _options.ContainsKey(key);

    /// <summary>A flag hyperparameter (stored as 1 or 0).</summary>
    internal bool Flag(string key) => this[key] != 0;

    /// <summary>Sets <paramref name="key"/> to <paramref name="value"/> unless the group already sets it.</summary>
    internal void SetDefault(string key, double value) => _options.TryAdd(key, value);
}
