using System.Globalization;
using AutoDiffGen.Nn;
using AutoDiffGen.Optim;

namespace AutoDiffGen.Serialization;

/// <summary>
/// A training checkpoint in one safetensors file: the model's state dict, the optimizer's state dict and type, the LR
/// scheduler's state and type, the random generators' states and the epoch, so that training resumes exactly where it
/// stopped, bit for bit, in this process or a new one.
/// </summary>
/// <remarks>
/// Layout: model tensors under their own names (<c>fc1.weight</c>), so the file also loads as plain weights in PyTorch
/// or Hugging Face tools; optimizer tensors under <see cref="OptimizerPrefix"/> (<c>optimizer.state.0.exp_avg</c>);
/// the optimizer's scalar entries (hyperparameters such as <c>param_groups.0.lr</c> and step counts, 0-d float64
/// tensors) in the metadata under the same prefix, written in round-trip form so they come back bit for bit, and its
/// type in metadata <c>optimizer_type</c>; the scheduler's entries in the metadata under <see cref="SchedulerPrefix"/>
/// and its type in <c>scheduler_type</c>; each generator's state (<see cref="Generator.GetState"/>, int64) under
/// <see cref="GeneratorPrefix"/>, the saving thread's <see cref="Generator.Default"/> as <c>generator.default</c>; the
/// epoch in metadata <c>epoch</c>. Writes are atomic, like every <see cref="SafeTensors.Save"/>.
/// </remarks>
public sealed class Checkpoint
{
    /// <summary>The prefix of optimizer entries, among the tensors and in the metadata.</summary>
    public const string OptimizerPrefix = "optimizer.";

    /// <summary>The prefix of the LR scheduler's entries in the metadata.</summary>
    public const string SchedulerPrefix = "scheduler.";

    /// <summary>The prefix of the random generators' states among the tensors.</summary>
    public const string GeneratorPrefix = "generator.";

    /// <summary>The name under which <see cref="Generator.Default"/> (of the saving thread) is saved.</summary>
    public const string DefaultGeneratorName = "default";

    /// <summary>The metadata key of the epoch.</summary>
    public const string EpochKey = "epoch";

    private const string FormatKey = "format";
    private const string OptimizerTypeKey = "optimizer_type";
    private const string SchedulerTypeKey = "scheduler_type";

    private Checkpoint(
        Dictionary<string, Tensor> model,
        Dictionary<string, Tensor> optimizer,
        int epoch,
        Dictionary<string, string> metadata,
        Dictionary<string, Tensor> scheduler,
        Dictionary<string, Tensor> generators,
        string? optimizerType,
        string? schedulerType)
    {
        Model = model;
        Optimizer = optimizer;
        Epoch = epoch;
        Metadata = metadata;
        Scheduler = scheduler;
        Generators = generators;
        OptimizerType = optimizerType;
        SchedulerType = schedulerType;
    }

    /// <summary>The LR scheduler's state dict, as <c>LRScheduler.StateDict()</c> gave it; empty when none was saved.</summary>
    public IReadOnlyDictionary<string, Tensor> Scheduler { get; }

    /// <summary>The random generators' states by name (<see cref="DefaultGeneratorName"/> for the default generator).</summary>
    public IReadOnlyDictionary<string, Tensor> Generators { get; }

    /// <summary>The optimizer's type name (<c>Adam</c>) when it was saved, or null.</summary>
    public string? OptimizerType { get; }

    /// <summary>The LR scheduler's type name (<c>StepLR</c>) when it was saved, or null.</summary>
    public string? SchedulerType { get; }

    /// <summary>The model's state dict, as <c>Module.StateDict()</c> gave it.</summary>
    public IReadOnlyDictionary<string, Tensor> Model { get; }

    /// <summary>The optimizer's state dict (keys without the prefix), as <c>Optimizer.StateDict()</c> gave it; empty when none was saved.</summary>
    public IReadOnlyDictionary<string, Tensor> Optimizer { get; }

    /// <summary>The number of epochs completed when the checkpoint was saved.</summary>
    public int Epoch { get; }

    /// <summary>The caller's own metadata, without the entries the checkpoint itself uses.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>
    /// Saves <paramref name="model"/> and optionally <paramref name="optimizer"/> state dicts and the <paramref name="epoch"/>
    /// to <paramref name="path"/> (atomically), with optional extra <paramref name="metadata"/>.
    /// </summary>
    public static void Save(
        string path,
        IReadOnlyDictionary<string, Tensor> model,
        IReadOnlyDictionary<string, Tensor>? optimizer = null,
        int epoch = 0,
        IReadOnlyDictionary<string, string>? metadata = null)
        => Save(path, model, optimizer, epoch, metadata, optimizerType: null, scheduler: null, schedulerType: null, generators: null);

    /// <summary>
    /// Saves the whole training state to <paramref name="path"/> (atomically): model and optimizer state dicts, the
    /// optimizer's type name, the scheduler's state dict and type name, generator states by name (from
    /// <see cref="Generator.GetState"/>), the epoch and the caller's <paramref name="metadata"/>.
    /// </summary>
    public static void Save(
        string path,
        IReadOnlyDictionary<string, Tensor> model,
        IReadOnlyDictionary<string, Tensor>? optimizer,
        int epoch,
        IReadOnlyDictionary<string, string>? metadata,
        string? optimizerType,
        IReadOnlyDictionary<string, Tensor>? scheduler,
        string? schedulerType,
        IReadOnlyDictionary<string, Tensor>? generators)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentOutOfRangeException.ThrowIfNegative(epoch);

        var tensors = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var (key, tensor) in model)
        {
            if (key.StartsWith(OptimizerPrefix, StringComparison.Ordinal) || key.StartsWith(GeneratorPrefix, StringComparison.Ordinal))
            {
                throw new ArgumentException($"Checkpoint.Save('{path}'): model key '{key}' uses a prefix ('{OptimizerPrefix}', '{GeneratorPrefix}') reserved for the optimizer and the generators.", nameof(model));
            }

            tensors.Add(key, tensor);
        }

        var meta = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in metadata ?? new Dictionary<string, string>())
        {
            if (key is EpochKey or FormatKey or OptimizerTypeKey or SchedulerTypeKey
                || key.StartsWith(OptimizerPrefix, StringComparison.Ordinal) || key.StartsWith(SchedulerPrefix, StringComparison.Ordinal))
            {
                throw new ArgumentException($"Checkpoint.Save('{path}'): metadata key '{key}' is reserved for the checkpoint itself.", nameof(metadata));
            }

            meta.Add(key, value);
        }

        // "pt" tells Hugging Face tools the tensors follow PyTorch's conventions (their own writers set it too).
        meta[FormatKey] = "pt";
        meta[EpochKey] = epoch.ToString(CultureInfo.InvariantCulture);
        foreach (var (key, tensor) in optimizer ?? new Dictionary<string, Tensor>())
        {
            if (tensor is { Rank: 0, DType: DType.Float64 })
            {
                meta.Add(OptimizerPrefix + key, tensor.Item<double>().ToString("R", CultureInfo.InvariantCulture));
            }
            else
            {
                tensors.Add(OptimizerPrefix + key, tensor);
            }
        }

        if (optimizerType is not null)
        {
            meta[OptimizerTypeKey] = optimizerType;
        }

        foreach (var (key, tensor) in scheduler ?? new Dictionary<string, Tensor>())
        {
            if (tensor is not { Rank: 0, DType: DType.Float64 })
            {
                throw new ArgumentException($"Checkpoint.Save('{path}'): scheduler entry '{key}' must be a 0-d float64 tensor, got {tensor.DType.ToTorchName()} {tensor.Shape}.", nameof(scheduler));
            }

            meta.Add(SchedulerPrefix + key, tensor.Item<double>().ToString("R", CultureInfo.InvariantCulture));
        }

        if (schedulerType is not null)
        {
            meta[SchedulerTypeKey] = schedulerType;
        }

        foreach (var (name, state) in generators ?? new Dictionary<string, Tensor>())
        {
            tensors.Add(GeneratorPrefix + name, state);
        }

        SafeTensors.Save(path, tensors, meta);
    }

    /// <summary>
    /// Saves <paramref name="model"/>'s state dict, <paramref name="optimizer"/>'s (when given) and the number of
    /// completed epochs to <paramref name="path"/>, atomically.
    /// </summary>
    /// <example><code>Checkpoint.Save("mlp.safetensors", model, optimizer, epoch);</code></example>
    /// <remarks>
    /// Also saved: the optimizer's type, <paramref name="scheduler"/>'s state and type when given, the calling thread's
    /// <see cref="Generator.Default"/> state, and the state of each of <paramref name="generators"/> (those passed
    /// explicitly to <c>Dropout</c>, <c>DataLoader</c>...), by name.
    /// </remarks>
    public static void Save(
        string path,
        Module model,
        Optimizer? optimizer,
        int epoch,
        IReadOnlyDictionary<string, string>? metadata = null,
        LRScheduler? scheduler = null,
        IReadOnlyDictionary<string, Generator>? generators = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        var states = new Dictionary<string, Tensor>(StringComparer.Ordinal) { [DefaultGeneratorName] = Generator.Default.GetState() };
        foreach (var (name, generator) in generators ?? new Dictionary<string, Generator>())
        {
            if (name == DefaultGeneratorName)
            {
                throw new ArgumentException($"Checkpoint.Save('{path}'): the generator name '{DefaultGeneratorName}' is reserved for Generator.Default.", nameof(generators));
            }

            states.Add(name, (generator ?? throw new ArgumentException($"Checkpoint.Save('{path}'): generator '{name}' is null.", nameof(generators))).GetState());
        }

        Save(path, model.StateDict(), optimizer?.StateDict(), epoch, metadata, optimizer?.GetType().Name, scheduler?.StateDict(), scheduler?.GetType().Name, states);
    }

    /// <summary>
    /// Loads the checkpoint at <paramref name="path"/> into <paramref name="model"/> (strictly: every key must match)
    /// and, when given, <paramref name="optimizer"/>; returns the number of completed epochs, from which training resumes.
    /// </summary>
    /// <example><code>var startEpoch = Checkpoint.Restore("mlp.safetensors", model, optimizer) + 1;</code></example>
    /// <remarks>
    /// Also restored: <paramref name="scheduler"/> when given, the calling thread's <see cref="Generator.Default"/> when
    /// the checkpoint holds its state, and each of <paramref name="generators"/> by name. Every check runs before anything
    /// changes: an optimizer or scheduler of another type than the saved one, or a generator the checkpoint lacks, is an
    /// error naming both.
    /// </remarks>
    public static int Restore(
        string path,
        Module model,
        Optimizer? optimizer = null,
        LRScheduler? scheduler = null,
        IReadOnlyDictionary<string, Generator>? generators = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        var checkpoint = Load(path);
        if (optimizer is not null)
        {
            if (checkpoint.Optimizer.Count == 0)
            {
                throw new InvalidOperationException($"Checkpoint.Restore('{path}'): the checkpoint holds no optimizer state, so the optimizer cannot resume from it.");
            }

            if (checkpoint.OptimizerType is { } saved && saved != optimizer.GetType().Name)
            {
                throw new InvalidOperationException($"Checkpoint.Restore('{path}'): the checkpoint holds {saved} state, which cannot be loaded into a {optimizer.GetType().Name} (their state and hyperparameters differ).");
            }
        }

        if (scheduler is not null)
        {
            if (checkpoint.Scheduler.Count == 0)
            {
                throw new InvalidOperationException($"Checkpoint.Restore('{path}'): the checkpoint holds no LR scheduler state, so the {scheduler.GetType().Name} cannot resume from it.");
            }

            if (checkpoint.SchedulerType is { } saved && saved != scheduler.GetType().Name)
            {
                throw new InvalidOperationException($"Checkpoint.Restore('{path}'): the checkpoint holds {saved} state, which cannot be loaded into a {scheduler.GetType().Name}.");
            }
        }

        foreach (var name in (generators ?? new Dictionary<string, Generator>()).Keys)
        {
            if (!checkpoint.Generators.ContainsKey(name))
            {
                throw new InvalidOperationException($"Checkpoint.Restore('{path}'): the checkpoint holds no state for generator '{name}' (it has [{string.Join(", ", checkpoint.Generators.Keys)}]).");
            }
        }

        model.LoadStateDict(checkpoint.Model);
        optimizer?.LoadStateDict(checkpoint.Optimizer);
        scheduler?.LoadStateDict(checkpoint.Scheduler);
        if (checkpoint.Generators.TryGetValue(DefaultGeneratorName, out var defaultState))
        {
            Generator.Default.SetState(defaultState);
        }

        foreach (var (name, generator) in generators ?? new Dictionary<string, Generator>())
        {
            generator.SetState(checkpoint.Generators[name]);
        }

        return checkpoint.Epoch;
    }

    /// <summary>Loads a checkpoint written by <see cref="Save(string, IReadOnlyDictionary{string, Tensor}, IReadOnlyDictionary{string, Tensor}?, int, IReadOnlyDictionary{string, string}?)"/>; a corrupt file is rejected with an error naming it.</summary>
    public static Checkpoint Load(string path)
    {
        var tensors = SafeTensors.Load(path, out var meta);
        var model = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        var optimizer = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        var scheduler = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        var generators = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        string? optimizerType = null, schedulerType = null;
        foreach (var (key, tensor) in tensors)
        {
            if (key.StartsWith(OptimizerPrefix, StringComparison.Ordinal))
            {
                optimizer.Add(key[OptimizerPrefix.Length..], tensor);
            }
            else if (key.StartsWith(GeneratorPrefix, StringComparison.Ordinal))
            {
                if (tensor.DType != DType.Int64 || tensor.Shape != new Shape(Generator.StateLength))
                {
                    throw new InvalidDataException($"checkpoint '{path}': generator state '{key}' must be int64 of shape [{Generator.StateLength}], but is {tensor.DType.ToTorchName()} {tensor.Shape}.");
                }

                generators.Add(key[GeneratorPrefix.Length..], tensor);
            }
            else
            {
                model.Add(key, tensor);
            }
        }

        var epoch = 0;
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in meta)
        {
            if (key == EpochKey)
            {
                if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out epoch))
                {
                    throw new InvalidDataException($"checkpoint '{path}': metadata '{EpochKey}' is \"{value}\", not a non-negative integer.");
                }
            }
            else if (key.StartsWith(OptimizerPrefix, StringComparison.Ordinal))
            {
                if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var scalar))
                {
                    throw new InvalidDataException($"checkpoint '{path}': optimizer metadata '{key}' is \"{value}\", not a number.");
                }

                if (!optimizer.TryAdd(key[OptimizerPrefix.Length..], Tensor.Scalar(scalar)))
                {
                    throw new InvalidDataException($"checkpoint '{path}': '{key}' is both a tensor and a metadata entry.");
                }
            }
            else if (key.StartsWith(SchedulerPrefix, StringComparison.Ordinal))
            {
                if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var scalar))
                {
                    throw new InvalidDataException($"checkpoint '{path}': scheduler metadata '{key}' is \"{value}\", not a number.");
                }

                scheduler.Add(key[SchedulerPrefix.Length..], Tensor.Scalar(scalar));
            }
            else if (key == OptimizerTypeKey)
            {
                optimizerType = value;
            }
            else if (key == SchedulerTypeKey)
            {
                schedulerType = value;
            }
            else if (key != FormatKey)
            {
                metadata.Add(key, value);
            }
        }

        return new Checkpoint(model, optimizer, epoch, metadata, scheduler, generators, optimizerType, schedulerType);
    }
}
