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
            CaptureVersions();
        }

        if (Autograd.IsAnomalyDetectionEnabled)
        {
            // Only in anomaly mode: a stack trace per recorded op is far too slow for training.
            RecordedAt = new StackTrace(2, fNeedFileInfo: true);
        }
    }

    // Versions of the saved tensors (see SavedTensor) when recorded: the first three inline, so the common node (two
    // inputs and a result) allocates nothing for them; the rest, if any is non-zero, in an array.
    private int _version0, _version1, _version2;
    private int[]? _moreVersions;

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
    private Tensor? SavedTensor(int index)
    {
        var inputs = _inputs!;
        if (index < inputs.Length)
        {
            return inputs[index];
        }

        index -= inputs.Length;
        if (index == 0)
        {
            return Result;
        }

        index--;
        switch (_state)
        {
            case Tensor t:
                return index == 0 ? t : null;
            case Tensor?[] array:
                for (int i = 0, k = 0; i < array.Length; i++)
                {
                    if (array[i] is { } t && k++ == index)
                    {
                        return t;
                    }
                }

                return null;
            case ITuple tuple:
                // Only the tuple's Tensor-typed slots are read: reading the others would box them on every record.
                foreach (var slot in TensorSlots(tuple))
                {
                    if (tuple[slot] is Tensor t && index-- == 0)
                    {
                        return t;
                    }
                }

                return null;
            default:
                return null;
        }
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<Type, int[]> TupleSlots = new();

    /// <summary>
    /// The positions of a state tuple's elements that can hold a tensor, cached per tuple type: those holding a tensor or
    /// null in the first tuple of the type seen (reading a value-type element boxes it, so that happens once per type).
    /// </summary>
    private static int[] TensorSlots(ITuple tuple)
    {
        var type = tuple.GetType();
        if (TupleSlots.TryGetValue(type, out var cached))
        {
            return cached;
        }

        var slots = new List<int>();
        for (var i = 0; i < tuple.Length; i++)
        {
            if (tuple[i] is null or Tensor)
            {
                slots.Add(i);
            }
        }

        return TupleSlots.GetOrAdd(type, [.. slots]);
    }

    private void CaptureVersions()
    {
        var extra = false;
        var i = 0;
        for (; SavedTensor(i) is { } saved; i++)
        {
            var version = TensorVersions.Of(saved.RawStorage);
            switch (i)
            {
                case 0: _version0 = version; break;
                case 1: _version1 = version; break;
                case 2: _version2 = version; break;
                default: extra |= version != 0; break;
            }
        }

        if (extra)
        {
            _moreVersions = new int[i - 3];
            for (var k = 3; k < i; k++)
            {
                _moreVersions[k - 3] = TensorVersions.Of(SavedTensor(k)!.RawStorage);
            }
        }
    }

    private int SavedVersion(int index) => index switch
    {
        0 => _version0,
        1 => _version1,
        2 => _version2,
        _ => _moreVersions is { } more && index - 3 < more.Length ? more[index - 3] : 0,
    };

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
            var expected = SavedVersion(i);
            var actual = TensorVersions.Of(saved.RawStorage);
            if (actual != expected)
            {
                var t = saved;
                var role = i < _inputs.Length ? $"input {i} of" : i == _inputs.Length ? "the result of" : "a tensor saved by";
                var name = t.Name is { } n ? $"'{n}' " : string.Empty;
                throw new InvalidOperationException(
                    $"One of the tensors needed for gradient computation has been modified by an in-place operation: " +
                    $"{role} {Name} (tensor {name}of shape {t.Shape}, {t.DType.ToTorchName()}) is at version {actual}; " +
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
