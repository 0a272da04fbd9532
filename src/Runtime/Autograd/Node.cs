using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace AutoDiffGen;

/// <summary>
/// One recorded operation on the tape (PyTorch's <c>grad_fn</c>): its inputs, its result and how to differentiate it.
/// </summary>
public sealed class Node
{
    private Tensor[]? _inputs;
    private BackwardFunction? _backward;
    private object? _state;

    internal Node(string name, Tensor[] inputs, Tensor result, BackwardFunction backward, object? state)
    {
        Name = name;
        _inputs = inputs;
        Result = result;
        _backward = backward;
        _state = state;
        if (TensorVersions.AnyWritten)
        {
            _savedVersions = CaptureVersions();
        }

        if (Autograd.IsAnomalyDetectionEnabled)
        {
            // Only in anomaly mode: a stack trace per recorded op is far too slow for training.
            RecordedAt = new StackTrace(2, fNeedFileInfo: true);
        }
    }

    /// <summary>Versions of the saved tensors (see <see cref="SavedTensor"/>) when recorded; null when all were 0.</summary>
    private readonly int[]? _savedVersions;

    /// <summary>Where the forward operation was recorded; captured only inside <see cref="Autograd.DetectAnomaly"/>.</summary>
    public StackTrace? RecordedAt { get; }

    /// <summary>The operation's name, e.g. <c>Mul</c>; shown in errors and graph exports.</summary>
    public string Name { get; }

    /// <summary>The tensors the operation read. Throws once the graph has been freed by <see cref="Tensor.Backward"/>.</summary>
    public IReadOnlyList<Tensor> Inputs => InputsOrThrow;

    /// <summary>The tensor the operation produced.</summary>
    public Tensor Result { get; }

    /// <summary>Extra values the backward needs (axes, masks, saved intermediates).</summary>
    public object? State => IsFreed ? throw FreedError() : _state;

    /// <summary>True once backward has run without <c>retainGraph</c> and the saved tensors were released.</summary>
    public bool IsFreed => _inputs is null;

    /// <summary>Whether input <paramref name="index"/> needs a gradient, so a backward can skip work nobody asked for.</summary>
    public bool NeedsInputGrad(int index) => InputsOrThrow[index].RequiresGrad;

    internal Tensor[] InputsOrThrow => _inputs ?? throw FreedError();

    internal BackwardFunction Backward => _backward ?? throw FreedError();

    /// <summary>Per-backward bookkeeping: gradient accumulated so far from this node's consumers.</summary>
    internal Tensor? PendingGrad;

    /// <summary>Per-backward bookkeeping: already reached by the current sweep.</summary>
    internal bool Visited;

    /// <summary>Per-backward bookkeeping: consumers not yet processed.</summary>
    internal int PendingConsumers;

    /// <summary>
    /// The tensors a backward may read, in a fixed order: the inputs, the result, then any tensor in
    /// <see cref="State"/> (a tensor, an array of tensors, or a tuple holding tensors). Null past the end.
    /// </summary>
    private (Tensor Tensor, string Role)? SavedTensor(int index)
    {
        var inputs = _inputs!;
        if (index < inputs.Length)
        {
            return (inputs[index], $"input {index} of");
        }

        index -= inputs.Length;
        if (index == 0)
        {
            return (Result, "the result of");
        }

        index--;
        var k = 0;
        switch (_state)
        {
            case Tensor t:
                return index == 0 ? (t, "a tensor saved by") : null;
            case Tensor?[] array:
                foreach (var t in array)
                {
                    if (t is not null && k++ == index)
                    {
                        return (t, "a tensor saved by");
                    }
                }

                return null;
            case ITuple tuple:
                for (var i = 0; i < tuple.Length; i++)
                {
                    if (tuple[i] is Tensor t && k++ == index)
                    {
                        return (t, "a tensor saved by");
                    }
                }

                return null;
            default:
                return null;
        }
    }

    private int[]? CaptureVersions()
    {
        // Two passes, so the common case (every saved tensor still at version 0) allocates nothing.
        var count = 0;
        var any = false;
        for (; SavedTensor(count) is { } saved; count++)
        {
            any |= TensorVersions.Of(saved.Tensor.RawStorage) != 0;
        }

        if (!any)
        {
            return null;
        }

        var versions = new int[count];
        for (var i = 0; i < count; i++)
        {
            versions[i] = TensorVersions.Of(SavedTensor(i)!.Value.Tensor.RawStorage);
        }

        return versions;
    }

    /// <summary>
    /// Throws when a tensor this node saved was modified in place after it was recorded (PyTorch's "one of the
    /// variables needed for gradient computation has been modified by an inplace operation").
    /// </summary>
    internal void CheckSavedVersions()
    {
        if (!TensorVersions.AnyWritten || _inputs is null)
        {
            return;
        }

        for (var i = 0; SavedTensor(i) is { } saved; i++)
        {
            var expected = _savedVersions is { } v && i < v.Length ? v[i] : 0;
            var actual = TensorVersions.Of(saved.Tensor.RawStorage);
            if (actual != expected)
            {
                var t = saved.Tensor;
                var name = t.Name is { } n ? $"'{n}' " : string.Empty;
                throw new InvalidOperationException(
                    $"One of the tensors needed for gradient computation has been modified by an in-place operation: " +
                    $"{saved.Role} {Name} (tensor {name}of shape {t.Shape}, {t.DType.ToTorchName()}) is at version {actual}; " +
                    $"expected version {expected} instead, the version {Name} saved it at. Do the in-place update after " +
                    "Backward, or use the out-of-place form (x = x.Add(y)) or Clone() the tensor before modifying it.");
            }
        }
    }

    /// <summary>Releases saved tensors so their memory can be reclaimed.</summary>
    internal void Free()
    {
        _inputs = null;
        _backward = null;
        _state = null;
    }

    private InvalidOperationException FreedError() => new(
        $"Trying to backward through the graph a second time (node {Name}), or to read its saved tensors after they were " +
        "freed. Pass retainGraph: true to the first Backward call if you need to backward twice; if a tensor from an earlier " +
        "graph is carried into this one (a recurrent state across batches), cut it from the old graph with Detach().");

    /// <inheritdoc/>
    public override string ToString() => $"<{Name}Backward>";
}
