namespace AutoDiffGen;

/// <summary>
/// Cross-check mode on the current thread, from <see cref="Autograd.CrossCheck"/> until disposed; restores the
/// enclosing scope's settings (or none) when disposed, like <see cref="Autograd.NoGrad"/>.
/// </summary>
public sealed class CrossCheckScope : IDisposable
{
    private readonly CrossCheckSettings? _previous;
    private bool _disposed;

    internal CrossCheckScope(CrossCheckSettings settings)
    {
        _previous = CrossCheck.Enter(settings);
    }

    /// <summary>Ends this scope: the enclosing scope's settings, if any, apply again.</summary>
    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            CrossCheck.Exit(_previous);
        }
    }
}
