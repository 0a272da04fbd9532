using System.Diagnostics;

namespace AutoDiffGen.Distributed;

/// <summary>
/// Bounds how long a rank waits in a collective (the idea of PyTorch's NCCL watchdog): MPI's blocking calls cannot
/// time out, so a background thread watches the one collective this rank is waiting in and, past the deadline,
/// reports which rank timed out in which operation and aborts the whole job through <c>MPI_Abort</c>, so that no
/// rank is left hanging on a peer that failed or never reached the same collective.
/// </summary>
internal sealed class CollectiveWatchdog
{
    private readonly Action<string> _abort;
    private Tensor? _tensor;
    private readonly Lock _gate = new();
    private long _deadline;
    private string? _operation;
    private Thread? _thread;

    internal CollectiveWatchdog(Action<string> abort) => _abort = abort;

    /// <summary>
    /// Marks the start of a wait that must end within <paramref name="timeout"/>; <see cref="Timeout.InfiniteTimeSpan"/>
    /// never fires. The message is built only if it fires: a collective of a few KB takes microseconds.
    /// </summary>
    internal Scope Enter(string operation, Tensor? tensor, TimeSpan timeout)
    {
        if (timeout == Timeout.InfiniteTimeSpan)
        {
            return default;
        }

        lock (_gate)
        {
            _operation = operation;
            _tensor = tensor;
            _deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
            _thread ??= StartThread();
        }

        return new Scope(this);
    }

    private void Exit()
    {
        lock (_gate)
        {
            _operation = null;
            _tensor = null;
        }
    }

    private Thread StartThread()
    {
        var thread = new Thread(Watch) { IsBackground = true, Name = "AutoDiffGen.Distributed watchdog" };
        thread.Start();
        return thread;
    }

    private void Watch()
    {
        while (true)
        {
            Thread.Sleep(20);
            string? expired = null;
            lock (_gate)
            {
                if (_operation is not null && Stopwatch.GetTimestamp() > _deadline)
                {
                    expired = _tensor is { } t ? $"{_operation} of a {t.DType.ToTorchName()} tensor of shape {t.Shape}" : _operation;
                    _operation = null;
                }
            }

            if (expired is not null)
            {
                _abort(expired);
                return;
            }
        }
    }

    /// <summary>Ends the wait begun by <see cref="Enter"/>.</summary>
    internal readonly struct Scope(CollectiveWatchdog? watchdog) : IDisposable
    {
        public void Dispose() => watchdog?.Exit();
    }
}
