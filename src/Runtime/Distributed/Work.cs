using System.Runtime.InteropServices;
using AutoDiffGen.Distributed.Native;

namespace AutoDiffGen.Distributed;

/// <summary>
/// A collective started by <see cref="ProcessGroup.AllReduceAsync"/> and still in flight (PyTorch's <c>Work</c>, returned
/// with <c>async_op=True</c>). The tensor's memory stays pinned, and must not be read or written, until <see cref="Wait"/>.
/// </summary>
public sealed unsafe class Work
{
    private readonly ProcessGroup _group;
    private readonly Tensor _tensor;
    private readonly ReduceOp _op;
    private GCHandle _pin;
    private nint _request;
    private bool _done;

    internal Work(ProcessGroup group, Tensor tensor, ReduceOp op, GCHandle pin, nint request)
    {
        _group = group;
        _tensor = tensor;
        _op = op;
        _pin = pin;
        _request = request;
    }

    /// <summary>The tensor the collective writes into.</summary>
    public Tensor Tensor => _tensor;

    /// <summary>True once the collective has finished (drives MPI's progress engine, as <c>MPI_Test</c> does).</summary>
    public bool IsCompleted
    {
        get
        {
            if (_done)
            {
                return true;
            }

            var request = _request;
            int flag;
            MpiLibrary.Api.Check(_group.Mpi.Test(&request, &flag, null), "MPI_Test", _group.Rank);
            _request = request;
            if (flag != 0)
            {
                Complete();
            }

            return _done;
        }
    }

    /// <summary>Blocks until the collective has finished (within the group's <see cref="ProcessGroup.Timeout"/>), then releases the tensor.</summary>
    public void Wait()
    {
        if (_done)
        {
            return;
        }

        using (_group.Watchdog.Enter("AllReduce", _tensor, _group.Timeout))
        {
            var request = _request;
            MpiLibrary.Api.Check(_group.Mpi.Wait(&request, null), "MPI_Wait", _group.Rank);
            _request = request;
        }

        Complete();
    }

    private void Complete()
    {
        _done = true;
        _pin.Free();
        if (_op == ReduceOp.Average)
        {
            ProcessGroup.Scale(_tensor, 1.0 / _group.WorldSize);
        }
    }
}
