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
    }

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

    /// <summary>Releases saved tensors so their memory can be reclaimed.</summary>
    internal void Free()
    {
        _inputs = null;
        _backward = null;
        _state = null;
    }

    private InvalidOperationException FreedError() => new(
        $"Trying to backward through the graph a second time (node {Name}), or to read its saved tensors after they were " +
        "freed. Pass retainGraph: true to the first Backward call if you need to backward twice.");

    /// <inheritdoc/>
    public override string ToString() => $"<{Name}Backward>";
}
