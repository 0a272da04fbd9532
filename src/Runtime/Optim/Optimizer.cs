using System.Globalization;
using System.Numerics;
using AutoDiffGen.Kernels;

namespace AutoDiffGen.Optim;

/// <summary>
/// Base of the optimizers (PyTorch's <c>torch.optim.Optimizer</c>): parameter groups with their own hyperparameters,
/// per-parameter state, <see cref="ZeroGrad"/>, <see cref="Step()"/>, and a state dict that a checkpoint can store.
/// </summary>
/// <remarks>
/// Updates run in place on the parameters' data, outside the tape, with <c>TensorPrimitives</c> over spans and in
/// PyTorch's operation order, with fused multiply-adds exactly where libtorch's CPU kernels fuse (<c>add</c> with alpha,
/// <c>lerp</c>, <c>addcmul</c>) and not elsewhere (<c>addcdiv</c>, scalar division). NOTE: checked against libtorch
/// 2.x through TorchSharp, float32 SGD is bit-identical; Adam, AdamW, RMSprop and Adagrad are bit-identical too once
/// libtorch's <c>sqrt</c> (MKL VML, within 1 ulp but not correctly rounded) is swapped for a correctly rounded one, so
/// that is the only source of difference. Steady-state steps allocate nothing: state is created on the first step and
/// scratch space is reused.
/// </remarks>
public abstract class Optimizer
{
    private readonly List<ParamGroup> _groups = [];
    private readonly Dictionary<Tensor, ParameterState> _state = new(ReferenceEqualityComparer.Instance);
    private float[] _scratchFloat = [];
    private double[] _scratchDouble = [];

    /// <summary>Creates the optimizer over <paramref name="groups"/>, filling unset hyperparameters from <paramref name="defaults"/>.</summary>
    protected Optimizer(IEnumerable<ParamGroup> groups, IReadOnlyDictionary<string, double> defaults)
    {
        ArgumentNullException.ThrowIfNull(groups);
        Defaults = new Dictionary<string, double>(defaults, StringComparer.Ordinal);
        foreach (var group in groups)
        {
            AddParamGroup(group);
        }

        if (_groups.Count == 0)
        {
            throw new ArgumentException($"{GetType().Name}: got an empty parameter list.");
        }
    }

    /// <summary>The hyperparameters a group gets when it does not set them.</summary>
    public IReadOnlyDictionary<string, double> Defaults { get; }

    /// <summary>The parameter groups, in order.</summary>
    public IReadOnlyList<ParamGroup> ParamGroups => _groups;

    /// <summary>Adds a group (PyTorch's <c>add_param_group</c>), e.g. to unfreeze layers during fine-tuning.</summary>
    public void AddParamGroup(ParamGroup group)
    {
        ArgumentNullException.ThrowIfNull(group);
        foreach (var p in group.Params)
        {
            if (!p.IsLeaf || !p.DType.IsFloatingPoint())
            {
                throw new ArgumentException($"{GetType().Name}: can only optimize floating-point leaf tensors, got a {(p.IsLeaf ? "leaf" : "non-leaf")} {p.DType.ToTorchName()} tensor of shape {p.Shape}.");
            }

            if (!p.IsContiguous)
            {
                throw new ArgumentException($"{GetType().Name}: parameters must be contiguous (shape {p.Shape}); call Contiguous() on it first.");
            }

            if (_groups.Any(g => g.Params.Any(q => ReferenceEquals(q, p))) || group.Params.Count(q => ReferenceEquals(q, p)) > 1)
            {
                throw new ArgumentException($"{GetType().Name}: some parameters appear in more than one parameter group (shape {p.Shape}).");
            }
        }

        foreach (var (key, value) in Defaults)
        {
            group.SetDefault(key, value);
        }

        Validate(group);
        _groups.Add(group);
    }

    /// <summary>
    /// Clears every parameter's gradient (PyTorch's <c>zero_grad</c>): to null by default, or, with
    /// <paramref name="setToNone"/> false, to zeros in place, so the next backward reuses the same buffers.
    /// </summary>
    /// <remarks>
    /// Set to none, a gradient buffer that no caller has read through <see cref="Tensor.Grad"/> is still reused by the
    /// next backward (nobody else can hold it), so neither form allocates in a steady-state loop; one that a caller
    /// read is released to the caller unchanged.
    /// </remarks>
    public void ZeroGrad(bool setToNone = true)
    {
        foreach (var group in _groups)
        {
            foreach (var p in group.Params)
            {
                p.ClearGrad(setToNone);
            }
        }
    }

    /// <summary>Performs one optimization step on every parameter that has a gradient.</summary>
    public void Step()
    {
        using var _ = Autograd.NoGrad();

        // Optimizer state lives across steps, so it must not be recycled with the caller's TensorScope.
        using var unscoped = TensorScope.Suspend();

        // Index loops, not foreach over IReadOnlyList, so a warm step allocates no enumerators.
        for (var g = 0; g < _groups.Count; g++)
        {
            var group = _groups[g];
            var parameters = group.Params;
            for (var i = 0; i < parameters.Count; i++)
            {
                var p = parameters[i];
                if (p.GradUnseen is not { } grad)
                {
                    continue;
                }

                if (grad.Shape != p.Shape)
                {
                    throw new InvalidOperationException($"{GetType().Name}.Step: gradient of shape {grad.Shape} does not match its parameter of shape {p.Shape}.");
                }

                grad = grad.To(p.DType).ContiguousUntracked();
                if (!_state.TryGetValue(p, out var state))
                {
                    state = new ParameterState();
                    _state[p] = state;
                }

                if (p.DType == DType.Float32)
                {
                    Update<float>(group, p, grad, state);
                }
                else
                {
                    Update<double>(group, p, grad, state);
                }
            }
        }
    }

    /// <summary>Re-evaluates the model with <paramref name="closure"/> (which computes the loss and calls Backward), then steps; returns the loss.</summary>
    public Tensor Step(Func<Tensor> closure)
    {
        ArgumentNullException.ThrowIfNull(closure);
        Tensor loss;
        using (Autograd.EnableGrad())
        {
            loss = closure();
        }

        Step();
        return loss;
    }

    /// <summary>The state kept for <paramref name="parameter"/>, or null before its first step.</summary>
    public ParameterState? GetState(Tensor parameter) => _state.GetValueOrDefault(parameter);

    /// <summary>
    /// The optimizer state as a flat, ordered name → tensor map a checkpoint can hold, with PyTorch's structure spelled out
    /// in the keys: <c>state.{i}.{buffer}</c> (e.g. <c>state.0.exp_avg</c>, <c>state.0.step</c>) for parameter i in
    /// group order, <c>param_groups.{g}.{hyperparameter}</c> as 0-d float64 tensors, and <c>param_groups.{g}.params</c>
    /// as the int64 indices of the group's parameters. Buffers are copies, not views.
    /// </summary>
    public OrderedDictionary<string, Tensor> StateDict()
    {
        var dict = new OrderedDictionary<string, Tensor>();
        var index = 0;
        for (var g = 0; g < _groups.Count; g++)
        {
            var group = _groups[g];
            foreach (var p in group.Params)
            {
                if (_state.TryGetValue(p, out var state))
                {
                    var prefix = string.Create(CultureInfo.InvariantCulture, $"state.{index}.");
                    dict[prefix + "step"] = Tensor.Scalar(state.Step);
                    foreach (var (name, buffer) in state.Buffers)
                    {
                        dict[prefix + name] = buffer.Clone();
                    }
                }

                index++;
            }
        }

        index = 0;
        for (var g = 0; g < _groups.Count; g++)
        {
            var prefix = string.Create(CultureInfo.InvariantCulture, $"param_groups.{g}.");
            foreach (var (key, value) in _groups[g].Options.OrderBy(o => o.Key, StringComparer.Ordinal))
            {
                dict[prefix + key] = Tensor.Scalar(value);
            }

            var indices = new long[_groups[g].Params.Count];
            for (var i = 0; i < indices.Length; i++)
            {
                indices[i] = index++;
            }

            dict[prefix + "params"] = Tensor.FromArray(indices);
        }

        return dict;
    }

    /// <summary>
    /// Restores state saved by <see cref="StateDict"/> from an optimizer over parameters of the same shapes, in the same
    /// group layout: hyperparameters (including the learning rate a scheduler changed) and every per-parameter buffer.
    /// Throws naming what does not match.
    /// </summary>
    public void LoadStateDict(IReadOnlyDictionary<string, Tensor> stateDict)
    {
        ArgumentNullException.ThrowIfNull(stateDict);
        var name = GetType().Name;
        var all = _groups.SelectMany(g => g.Params).ToList();

        // Check everything before changing anything, so a bad checkpoint leaves the optimizer as it was.
        var groupOptions = new List<Dictionary<string, double>>();
        for (var g = 0; g < _groups.Count; g++)
        {
            var prefix = string.Create(CultureInfo.InvariantCulture, $"param_groups.{g}.");
            if (!stateDict.TryGetValue(prefix + "params", out var indices) || indices.NumElements != _groups[g].Params.Count)
            {
                throw new InvalidOperationException($"{name}.LoadStateDict: the saved state has a different parameter group layout (group {g}: expected {_groups[g].Params.Count} parameters).");
            }

            var options = new Dictionary<string, double>(StringComparer.Ordinal);
            foreach (var (key, value) in stateDict)
            {
                if (key.StartsWith(prefix, StringComparison.Ordinal) && key != prefix + "params")
                {
                    options[key[prefix.Length..]] = value.ItemAsDouble();
                }
            }

            // Another optimizer type's state has other hyperparameters (SGD's momentum where Adam expects betas): loading
            // it would start from wrong state (Adam's bias correction from step 0), so say so instead.
            // (Extra saved keys are allowed: schedulers add their own, such as initial_lr.)
            var missing = Defaults.Keys.Where(k => !options.ContainsKey(k)).Order(StringComparer.Ordinal).ToList();
            if (missing.Count > 0)
            {
                var saved = options.Keys.Order(StringComparer.Ordinal);
                throw new InvalidOperationException(
                    $"{name}.LoadStateDict: the saved state of group {g} lacks {name}'s hyperparameters [{string.Join(", ", missing)}] (it has [{string.Join(", ", saved)}]): it was saved from another optimizer type.");
            }

            groupOptions.Add(options);
        }

        if (stateDict.Keys.Any(k => k.StartsWith("param_groups.", StringComparison.Ordinal) && GroupIndex(k) >= _groups.Count))
        {
            throw new InvalidOperationException($"{name}.LoadStateDict: the saved state has more parameter groups than this optimizer ({_groups.Count}).");
        }

        var states = new Dictionary<int, ParameterState>();
        foreach (var (key, value) in stateDict)
        {
            if (!key.StartsWith("state.", StringComparison.Ordinal))
            {
                continue;
            }

            var parts = key.Split('.', 3);
            if (parts.Length != 3 || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var i) || i >= all.Count)
            {
                throw new InvalidOperationException($"{name}.LoadStateDict: unexpected key '{key}' for an optimizer of {all.Count} parameters.");
            }

            if (!states.TryGetValue(i, out var state))
            {
                states[i] = state = new ParameterState();
            }

            if (parts[2] == "step")
            {
                state.Step = value.ItemAsDouble();
            }
            else
            {
                if (value.Shape != all[i].Shape)
                {
                    throw new InvalidOperationException($"{name}.LoadStateDict: '{key}' has shape {value.Shape}, but parameter {i} has shape {all[i].Shape}.");
                }

                state.Buffers[parts[2]] = value.To(all[i].DType).ContiguousUntracked().Clone();
            }
        }

        for (var g = 0; g < _groups.Count; g++)
        {
            foreach (var (key, value) in groupOptions[g])
            {
                _groups[g][key] = value;
            }
        }

        _state.Clear();
        foreach (var (i, state) in states)
        {
            _state[all[i]] = state;
        }
    }

    /// <summary>Checks a group's hyperparameters, throwing with the offending value (PyTorch's constructor checks).</summary>
    protected virtual void Validate(ParamGroup group)
    {
        if (!(group.Lr >= 0))
        {
            throw new ArgumentOutOfRangeException(nameof(group), group.Lr, $"{GetType().Name}: invalid learning rate: {group.Lr}.");
        }
    }

    /// <summary>Updates one parameter from its gradient, in place; <typeparamref name="T"/> is the parameter's element type.</summary>
    /// <param name="group">The group's hyperparameters.</param>
    /// <param name="parameter">The parameter (contiguous).</param>
    /// <param name="grad">Its gradient (contiguous, same dtype), read-only.</param>
    /// <param name="state">Its state, empty before the first step.</param>
    protected abstract void Update<T>(ParamGroup group, Tensor parameter, Tensor grad, ParameterState state)
        where T : unmanaged, IFloatingPointIeee754<T>;

    /// <summary>
    /// Runs an update <paramref name="body"/> over [0, <paramref name="length"/>) in blocks of at most
    /// <see cref="BlockSize"/> elements, split across cores when the parameter is large. Every pass of an update then
    /// runs over a block that is still in the L1 cache, instead of streaming the whole parameter once per pass; the
    /// per-element operations are unchanged, so the results are bit-identical to whole-span passes.
    /// </summary>
    private protected static void ForEachBlock<TBody>(int length, in TBody body)
        where TBody : struct, IRangeBody
        => Parallelism.For(length, Parallelism.ChunkCount(length, MinElementsPerThread), new Blocked<TBody>(body));

    /// <summary>Elements per block of <see cref="ForEachBlock"/>: a block's operands and scratch fit in L1 together.</summary>
    private protected const int BlockSize = 1024;

    /// <summary>
    /// Parameter elements per thread below which an update stays on one thread. An update makes several passes per
    /// element, so it pays to split well below the one-pass elementwise threshold.
    /// </summary>
    private const int MinElementsPerThread = 1 << 14;

    /// <summary>The buffer <paramref name="name"/> of <paramref name="state"/>, created filled with <paramref name="initial"/> on first use.</summary>
    protected static Span<T> Buffer<T>(ParameterState state, string name, Tensor like, double initial = 0)
    {
        if (!state.Buffers.TryGetValue(name, out var buffer))
        {
            buffer = Tensor.Full(like.Shape, initial, like.DType);
            state.Buffers[name] = buffer;
        }

        return buffer.Data<T>();
    }

    /// <summary>
    /// Reusable scratch span number <paramref name="slot"/> (0 or 1) of <paramref name="length"/> elements, so steps
    /// allocate nothing once warm. The two slots never overlap.
    /// </summary>
    protected Span<T> Scratch<T>(int slot, int length)
        where T : unmanaged
    {
        if (typeof(T) == typeof(float))
        {
            if (_scratchFloat.Length < 2 * length)
            {
                _scratchFloat = new float[2 * length];
            }

            return System.Runtime.InteropServices.MemoryMarshal.Cast<float, T>(_scratchFloat.AsSpan(slot * length, length));
        }

        if (_scratchDouble.Length < 2 * length)
        {
            _scratchDouble = new double[2 * length];
        }

        return System.Runtime.InteropServices.MemoryMarshal.Cast<double, T>(_scratchDouble.AsSpan(slot * length, length));
    }

    /// <summary>Hands a thread's slice to the update body one block at a time.</summary>
    private struct Blocked<TBody>(TBody body) : IRangeBody
        where TBody : struct, IRangeBody
    {
        private TBody _body = body;

        public void Run(int start, int length)
        {
            for (var end = start + length; start < end; start += BlockSize)
            {
                _body.Run(start, Math.Min(BlockSize, end - start));
            }
        }
    }

    private static int GroupIndex(string key)
    {
        var parts = key.Split('.');
        return parts.Length > 1 && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var g) ? g : -1;
    }
}
