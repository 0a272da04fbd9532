namespace AutoDiffGen.Nn;

/// <summary>
/// Base class of neural-network layers and models (PyTorch's <c>torch.nn.Module</c>): owns parameters, buffers and
/// submodules, names them with PyTorch's dotted paths (<c>fc1.weight</c>, <c>layers.0.bias</c>), switches between
/// training and evaluation, and saves or loads its state.
/// </summary>
/// <remarks>
/// A parameter is an ordinary leaf <see cref="Tensor"/> with <see cref="Tensor.RequiresGrad"/> set — <see cref="Tensor"/>
/// is sealed, so there is no <c>Parameter</c> subclass; registering a tensor with <see cref="RegisterParameter"/> is what
/// makes it one. Registration is explicit: call <see cref="RegisterParameter"/>, <see cref="RegisterBuffer"/> and
/// <see cref="RegisterModule{T}"/> in the constructor, in the order the state dict should list them.
/// </remarks>
/// <example><code>
/// sealed class Mlp : Module
/// {
///     private readonly Linear _fc1, _fc2;
///     public Mlp() { _fc1 = RegisterModule("fc1", new Linear(784, 128)); _fc2 = RegisterModule("fc2", new Linear(128, 10)); }
///     public override Tensor Forward(Tensor x) => _fc2.Call(Functional.Relu(_fc1.Call(x)));
/// }
/// </code></example>
public abstract class Module
{
    private readonly List<KeyValuePair<string, Tensor?>> _parameters = [];
    private readonly List<KeyValuePair<string, Tensor?>> _buffers = [];
    private readonly HashSet<string> _nonPersistentBuffers = [];
    private readonly List<KeyValuePair<string, Module>> _modules = [];

    /// <summary>True in training mode (the default), false after <see cref="Eval"/>; changes what dropout and similar layers do.</summary>
    public bool IsTraining { get; private set; } = true;

    /// <summary>Computes the module's output.</summary>
    public abstract Tensor Forward(Tensor input);

    /// <summary>Runs <see cref="Forward"/> (PyTorch's <c>module(x)</c>).</summary>
    public Tensor Call(Tensor input) => Forward(input);

    /// <summary>
    /// Registers <paramref name="parameter"/> under <paramref name="name"/> and marks it as requiring grad; returns it.
    /// A null parameter reserves the name (as PyTorch's <c>bias=None</c>) and is skipped by enumeration.
    /// </summary>
    protected Tensor? RegisterParameter(string name, Tensor? parameter)
    {
        CheckName(name);
        if (parameter is not null)
        {
            if (!parameter.IsLeaf)
            {
                throw new ArgumentException($"RegisterParameter: '{name}' must be a leaf tensor (use Detach()), not the result of an operation.");
            }

            parameter.RequiresGrad = true;
        }

        _parameters.Add(new(name, parameter));
        return parameter;
    }

    /// <summary>
    /// Registers a buffer: state that is not trained but is saved in the state dict (running statistics, masks) unless
    /// <paramref name="persistent"/> is false.
    /// </summary>
    protected Tensor? RegisterBuffer(string name, Tensor? buffer, bool persistent = true)
    {
        CheckName(name);
        _buffers.Add(new(name, buffer));
        if (!persistent)
        {
            _nonPersistentBuffers.Add(name);
        }

        return buffer;
    }

    /// <summary>Registers <paramref name="module"/> as a child named <paramref name="name"/>; returns it.</summary>
    protected T RegisterModule<T>(string name, T module)
        where T : Module
    {
        ArgumentNullException.ThrowIfNull(module);
        CheckName(name);
        if (ReferenceEquals(module, this))
        {
            throw new ArgumentException($"RegisterModule: a module cannot be its own child ('{name}').");
        }

        _modules.Add(new(name, module));
        return module;
    }

    /// <summary>Replaces the tensor registered as parameter <paramref name="name"/> of this module (not of children).</summary>
    protected void SetParameter(string name, Tensor? parameter)
    {
        var i = _parameters.FindIndex(p => p.Key == name);
        if (i < 0)
        {
            throw new KeyNotFoundException($"SetParameter: {GetType().Name} has no parameter named '{name}'.");
        }

        if (parameter is not null)
        {
            parameter.RequiresGrad = true;
        }

        _parameters[i] = new(name, parameter);
    }

    /// <summary>The direct children, in registration order.</summary>
    public IEnumerable<Module> Children() => _modules.Select(m => m.Value);

    /// <summary>The direct children with their names.</summary>
    public IEnumerable<(string Name, Module Module)> NamedChildren() => _modules.Select(m => (m.Key, m.Value));

    /// <summary>This module and every descendant, depth first, each once, with dotted names ("" for this one).</summary>
    public IEnumerable<(string Name, Module Module)> NamedModules(string prefix = "")
    {
        var seen = new HashSet<Module>(ReferenceEqualityComparer.Instance);
        return NamedModulesCore(prefix, seen);
    }

    /// <summary>This module and every descendant, depth first.</summary>
    public IEnumerable<Module> Modules() => NamedModules().Select(m => m.Module);

    /// <summary>
    /// Every parameter with its dotted name (<c>fc1.weight</c>), own parameters before children's, each tensor once even
    /// when shared (PyTorch's <c>named_parameters()</c>).
    /// </summary>
    public IEnumerable<(string Name, Tensor Parameter)> NamedParameters(string prefix = "", bool recurse = true)
        => NamedMembers(prefix, recurse, m => m._parameters);

    /// <summary>Every parameter, each once (PyTorch's <c>parameters()</c>); what an optimizer is given.</summary>
    public IEnumerable<Tensor> Parameters(bool recurse = true) => NamedParameters(recurse: recurse).Select(p => p.Parameter);

    /// <summary>Every buffer with its dotted name.</summary>
    public IEnumerable<(string Name, Tensor Buffer)> NamedBuffers(string prefix = "", bool recurse = true)
        => NamedMembers(prefix, recurse, m => m._buffers);

    /// <summary>Every buffer.</summary>
    public IEnumerable<Tensor> Buffers(bool recurse = true) => NamedBuffers(recurse: recurse).Select(b => b.Buffer);

    /// <summary>The total number of parameter elements.</summary>
    public long NumParameters() => Parameters().Sum(p => (long)p.NumElements);

    /// <summary>Sets training mode on this module and every descendant; returns this module.</summary>
    public Module Train(bool mode = true)
    {
        IsTraining = mode;
        foreach (var (_, child) in _modules)
        {
            child.Train(mode);
        }

        return this;
    }

    /// <summary>Sets evaluation mode (PyTorch's <c>eval()</c>); returns this module.</summary>
    public Module Eval() => Train(false);

    /// <summary>
    /// Clears every parameter's gradient (PyTorch's <c>zero_grad</c>): to null by default, or, with
    /// <paramref name="setToNone"/> false, to zeros in place, so the next backward reuses the same buffers.
    /// </summary>
    public void ZeroGrad(bool setToNone = true)
    {
        foreach (var p in Parameters())
        {
            p.ClearGrad(setToNone);
        }
    }

    /// <summary>Calls <paramref name="action"/> on every descendant, then on this module (PyTorch's <c>apply</c>); returns this module.</summary>
    public Module Apply(Action<Module> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        foreach (var (_, child) in _modules)
        {
            child.Apply(action);
        }

        action(this);
        return this;
    }

    /// <summary>
    /// Parameters and persistent buffers by dotted name, in registration order (each module's own parameters, then its
    /// buffers, then its children's), as PyTorch's <c>state_dict()</c>. The tensors are detached views sharing memory
    /// with the module's, so saving them costs no copy.
    /// </summary>
    public OrderedDictionary<string, Tensor> StateDict()
    {
        var state = new OrderedDictionary<string, Tensor>();
        CollectState(string.Empty, state);
        return state;
    }

    /// <summary>
    /// Copies <paramref name="stateDict"/> into this module's parameters and buffers, in place. Shapes must match. With
    /// <paramref name="strict"/> (the default) every expected key must be present and no other key may appear; the error
    /// lists every missing, unexpected and mis-shaped key at once. Returns the missing and unexpected keys.
    /// </summary>
    public LoadStateDictResult LoadStateDict(IReadOnlyDictionary<string, Tensor> stateDict, bool strict = true)
    {
        ArgumentNullException.ThrowIfNull(stateDict);
        var expected = StateDict();
        var missing = expected.Keys.Where(k => !stateDict.ContainsKey(k)).ToList();
        var unexpected = stateDict.Keys.Where(k => !expected.ContainsKey(k)).ToList();
        var misShaped = new List<string>();
        foreach (var (key, destination) in expected)
        {
            if (stateDict.TryGetValue(key, out var source) && source.Shape != destination.Shape)
            {
                misShaped.Add($"{key}: checkpoint has shape {source.Shape}, the module expects {destination.Shape}");
            }
        }

        if (misShaped.Count > 0 || (strict && (missing.Count > 0 || unexpected.Count > 0)))
        {
            var lines = new List<string> { $"Error(s) in loading state dict for {GetType().Name}:" };
            if (missing.Count > 0)
            {
                lines.Add($"  Missing key(s): {string.Join(", ", missing.Select(k => $"\"{k}\""))}.");
            }

            if (unexpected.Count > 0)
            {
                lines.Add($"  Unexpected key(s): {string.Join(", ", unexpected.Select(k => $"\"{k}\""))}.");
            }

            foreach (var line in misShaped)
            {
                lines.Add($"  Size mismatch for {line}.");
            }

            throw new InvalidOperationException(string.Join(Environment.NewLine, lines));
        }

        foreach (var (key, destination) in expected)
        {
            if (stateDict.TryGetValue(key, out var source))
            {
                InPlace.Copy(destination, source, $"LoadStateDict('{key}')");
            }
        }

        return new LoadStateDictResult(missing, unexpected);
    }

    /// <summary>A one-line description of this module's configuration, as PyTorch's <c>extra_repr</c> (empty by default).</summary>
    protected virtual string ExtraRepresentation() => string.Empty;

    /// <summary>The module tree in PyTorch's printed form, e.g. <c>Linear(in_features=2, out_features=3, bias=True)</c>.</summary>
    public override string ToString()
    {
        var name = GetType().Name;
        if (_modules.Count == 0)
        {
            return $"{name}({ExtraRepresentation()})";
        }

        var lines = new List<string> { $"{name}(" };
        foreach (var (childName, child) in _modules)
        {
            var text = child.ToString().Replace("\n", "\n  ", StringComparison.Ordinal);
            lines.Add($"  ({childName}): {text}");
        }

        lines.Add(")");
        return string.Join("\n", lines);
    }

    private void CollectState(string prefix, OrderedDictionary<string, Tensor> state)
    {
        foreach (var (name, p) in _parameters)
        {
            if (p is not null)
            {
                state[prefix + name] = p.Detach();
            }
        }

        foreach (var (name, b) in _buffers)
        {
            if (b is not null && !_nonPersistentBuffers.Contains(name))
            {
                state[prefix + name] = b.Detach();
            }
        }

        foreach (var (name, child) in _modules)
        {
            child.CollectState(prefix + name + ".", state);
        }
    }

    private IEnumerable<(string, Tensor)> NamedMembers(string prefix, bool recurse, Func<Module, List<KeyValuePair<string, Tensor?>>> members)
    {
        var seen = new HashSet<Tensor>(ReferenceEqualityComparer.Instance);
        var modules = recurse ? NamedModules(prefix) : [(prefix, this)];
        foreach (var (modulePrefix, module) in modules)
        {
            foreach (var (name, tensor) in members(module))
            {
                if (tensor is not null && seen.Add(tensor))
                {
                    yield return (modulePrefix.Length == 0 ? name : modulePrefix + "." + name, tensor);
                }
            }
        }
    }

    private IEnumerable<(string, Module)> NamedModulesCore(string prefix, HashSet<Module> seen)
    {
        if (!seen.Add(this))
        {
            yield break;
        }

        yield return (prefix, this);
        foreach (var (name, child) in _modules)
        {
            foreach (var item in child.NamedModulesCore(prefix.Length == 0 ? name : prefix + "." + name, seen))
            {
                yield return item;
            }
        }
    }

    private void CheckName(string name)
    {
        if (string.IsNullOrEmpty(name) || name.Contains('.', StringComparison.Ordinal))
        {
            throw new ArgumentException($"{GetType().Name}: member name '{name}' must be non-empty and contain no '.'.", nameof(name));
        }

        if (_parameters.Any(p => p.Key == name) || _buffers.Any(b => b.Key == name) || _modules.Any(m => m.Key == name))
        {
            throw new ArgumentException($"{GetType().Name}: a parameter, buffer or module named '{name}' is already registered.", nameof(name));
        }
    }
}
