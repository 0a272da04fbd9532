using System.Globalization;
using AutoDiffGen.Nn;
using AutoDiffGen.Optim;

namespace AutoDiffGen.Serialization;

/// <summary>
/// A training checkpoint in one safetensors file: the model's state dict, the optimizer's state dict and the epoch, so
/// that training resumes exactly where it stopped.
/// </summary>
/// <remarks>
/// Layout: model tensors under their own names (<c>fc1.weight</c>), so the file also loads as plain weights in PyTorch
/// or Hugging Face tools; optimizer tensors under <see cref="OptimizerPrefix"/> (<c>optimizer.state.0.exp_avg</c>);
/// the optimizer's scalar entries (hyperparameters such as <c>param_groups.0.lr</c> and step counts, 0-d float64
/// tensors) in the metadata under the same prefix, written in round-trip form so they come back bit for bit; the epoch
/// in metadata <c>epoch</c>. Writes are atomic, like every <see cref="SafeTensors.Save"/>.
/// </remarks>
public sealed class Checkpoint
{
    /// <summary>The prefix of optimizer entries, among the tensors and in the metadata.</summary>
    public const string OptimizerPrefix = "optimizer.";

    /// <summary>The metadata key of the epoch.</summary>
    public const string EpochKey = "epoch";

    private const string FormatKey = "format";

    private Checkpoint(
        Dictionary<string, Tensor> model, Dictionary<string, Tensor> optimizer, int epoch, Dictionary<string, string> metadata)
    {
        Model = model;
        Optimizer = optimizer;
        Epoch = epoch;
        Metadata = metadata;
    }

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
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentOutOfRangeException.ThrowIfNegative(epoch);

        var tensors = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var (key, tensor) in model)
        {
            if (key.StartsWith(OptimizerPrefix, StringComparison.Ordinal))
            {
                throw new ArgumentException($"Checkpoint.Save('{path}'): model key '{key}' uses the prefix '{OptimizerPrefix}' reserved for the optimizer.", nameof(model));
            }

            tensors.Add(key, tensor);
        }

        var meta = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in metadata ?? new Dictionary<string, string>())
        {
            if (key is EpochKey or FormatKey || key.StartsWith(OptimizerPrefix, StringComparison.Ordinal))
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

        SafeTensors.Save(path, tensors, meta);
    }

    /// <summary>
    /// Saves <paramref name="model"/>'s state dict, <paramref name="optimizer"/>'s (when given) and the number of
    /// completed epochs to <paramref name="path"/>, atomically.
    /// </summary>
    /// <example><code>Checkpoint.Save("mlp.safetensors", model, optimizer, epoch);</code></example>
    public static void Save(string path, Module model, Optimizer? optimizer, int epoch, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        Save(path, model.StateDict(), optimizer?.StateDict(), epoch, metadata);
    }

    /// <summary>
    /// Loads the checkpoint at <paramref name="path"/> into <paramref name="model"/> (strictly: every key must match)
    /// and, when given, <paramref name="optimizer"/>; returns the number of completed epochs, from which training resumes.
    /// </summary>
    /// <example><code>var startEpoch = Checkpoint.Restore("mlp.safetensors", model, optimizer) + 1;</code></example>
    public static int Restore(string path, Module model, Optimizer? optimizer = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        var checkpoint = Load(path);
        if (optimizer is not null && checkpoint.Optimizer.Count == 0)
        {
            throw new InvalidOperationException($"Checkpoint.Restore('{path}'): the checkpoint holds no optimizer state, so the optimizer cannot resume from it.");
        }

        model.LoadStateDict(checkpoint.Model);
        optimizer?.LoadStateDict(checkpoint.Optimizer);
        return checkpoint.Epoch;
    }

    /// <summary>Loads a checkpoint written by <see cref="Save(string, IReadOnlyDictionary{string, Tensor}, IReadOnlyDictionary{string, Tensor}?, int, IReadOnlyDictionary{string, string}?)"/>; a corrupt file is rejected with an error naming it.</summary>
    public static Checkpoint Load(string path)
    {
        var tensors = SafeTensors.Load(path, out var meta);
        var model = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        var optimizer = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var (key, tensor) in tensors)
        {
            if (key.StartsWith(OptimizerPrefix, StringComparison.Ordinal))
            {
                optimizer.Add(key[OptimizerPrefix.Length..], tensor);
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
            else if (key != FormatKey)
            {
                metadata.Add(key, value);
            }
        }

        return new Checkpoint(model, optimizer, epoch, metadata);
    }
}
