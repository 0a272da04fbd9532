namespace AutoDiffGen;

/// <summary>
/// A region whose temporary tensors give their memory back to a pool when it ends, so a steady-state training step
/// allocates almost nothing (the idea of TorchSharp's <c>NewDisposeScope</c>). Scopes are per thread and nest.
/// </summary>
/// <remarks>
/// Every tensor created inside the scope is disposed with it: reading one afterwards throws
/// <see cref="ObjectDisposedException"/> rather than returning recycled data. Keep a tensor beyond the scope with
/// <see cref="Keep"/>; gradients accumulated into leaves by <see cref="Tensor.Backward"/> are never scoped.
/// <code>
/// foreach (var (x, y) in loader)
/// {
///     using var scope = TensorScope.Begin();
///     var loss = lossFunction.Forward(model.Forward(x), y);
///     optimizer.ZeroGrad();
///     loss.Backward();
///     optimizer.Step();
///     total += loss.Item&lt;float&gt;();
/// }
/// </code>
/// </remarks>
public sealed class TensorScope : IDisposable
{
    [ThreadStatic]
    private static TensorScope? t_current;

    private readonly TensorScope? _outer;
    private readonly List<Tensor> _tensors = [];
    private readonly HashSet<Array> _rented = new(ReferenceEqualityComparer.Instance);
    private bool _disposed;

    private TensorScope(TensorScope? outer) => _outer = outer;

    /// <summary>The innermost scope on this thread, or <c>null</c>.</summary>
    internal static TensorScope? Current => t_current;

    /// <summary>Starts a scope on this thread; dispose it (with <c>using</c>) to recycle its tensors.</summary>
    public static TensorScope Begin() => t_current = new TensorScope(t_current);

    /// <summary>Moves <paramref name="tensor"/> (and its storage) out of this scope into the enclosing one, if any.</summary>
    public Tensor Keep(Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        _tensors.Remove(tensor);
        var storage = tensor.RawStorage;
        if (storage is not null && _rented.Remove(storage))
        {
            _outer?._rented.Add(storage);
        }

        _outer?._tensors.Add(tensor);
        return tensor;
    }

    /// <summary>Disposes every tensor created in the scope and returns their storage to the pool.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        if (!ReferenceEquals(t_current, this))
        {
            throw new InvalidOperationException("TensorScope: scopes must be disposed in reverse order of creation, on the thread that began them.");
        }

        _disposed = true;
        t_current = _outer;
        foreach (var tensor in _tensors)
        {
            tensor.MarkDisposed();
        }

        foreach (var array in _rented)
        {
            TensorPool.Return(array);
        }

        _tensors.Clear();
        _rented.Clear();
    }

    /// <summary>Registers a tensor created while this scope is current.</summary>
    internal void Track(Tensor tensor) => _tensors.Add(tensor);

    /// <summary>Storage for a new tensor in this scope, from the pool.</summary>
    internal Array Rent(DType dtype, int length)
    {
        var array = TensorPool.Rent(dtype, length);
        _rented.Add(array);
        return array;
    }

    /// <summary>Suspends scoping on this thread until disposed: tensors created meanwhile are ordinary GC objects.</summary>
    internal static Suspension Suspend() => new(t_current);

    /// <summary>Restores the suspended scope when disposed.</summary>
    internal readonly struct Suspension : IDisposable
    {
        private readonly TensorScope? _saved;

        public Suspension(TensorScope? saved)
        {
            _saved = saved;
            t_current = null;
        }

        public void Dispose() => t_current = _saved;
    }
}
