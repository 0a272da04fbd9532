using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using AutoDiffGen.Distributed.Native;

namespace AutoDiffGen.Distributed;

/// <summary>
/// The processes of one <c>mpirun</c> job and the collectives among them (PyTorch's <c>torch.distributed</c> process
/// group with the <c>mpi</c> backend), over Open MPI's <c>MPI_COMM_WORLD</c>.
/// </summary>
/// <remarks>
/// <para>Collectives work in place on contiguous float32 or float64 tensors: MPI reads and writes the tensor's own
/// memory, with no copies. Every rank must call the same collectives in the same order with tensors of the same shape
/// and dtype; with <see cref="DebugChecks"/> on (or <c>AUTODIFFGEN_DISTRIBUTED_DEBUG=1</c>) each collective first
/// compares them across ranks and throws on every rank, naming each rank's shape, when they differ.</para>
/// <para>A rank that waits longer than <see cref="Timeout"/> in a collective, or that dies with an unhandled exception,
/// aborts the whole job (<c>MPI_Abort</c>) after printing its rank and what it was doing, so the other ranks never hang.</para>
/// <para>Launch with <c>mpirun -np N dotnet MyApp.dll</c>; on one machine, as a non-MPI program, the group has one rank.</para>
/// </remarks>
public sealed unsafe class ProcessGroup : IDisposable
{
    /// <summary>Environment variable that turns <see cref="DebugChecks"/> on for every group (PyTorch's <c>TORCH_DISTRIBUTED_DEBUG</c>).</summary>
    public const string DebugVariable = "AUTODIFFGEN_DISTRIBUTED_DEBUG";

    private const int SignatureLength = 9;
    private static readonly Lock InitGate = new();
    private static ProcessGroup? s_world;
    private bool _disposed;

    private ProcessGroup(MpiLibrary.Api mpi, TimeSpan timeout)
    {
        Mpi = mpi;
        int rank, size;
        MpiLibrary.Api.Check(mpi.CommRank(mpi.CommWorld, &rank), "MPI_Comm_rank", -1);
        MpiLibrary.Api.Check(mpi.CommSize(mpi.CommWorld, &size), "MPI_Comm_size", rank);
        Rank = rank;
        WorldSize = size;
        Timeout = timeout;
        DebugChecks = Environment.GetEnvironmentVariable(DebugVariable) is "1" or "true" or "DETAIL";
        Watchdog = new CollectiveWatchdog(operation => Abort(
            $"{operation} did not complete within {Timeout.TotalSeconds:0.###} s: another rank failed, was killed, or did not reach the same collective"));
    }

    /// <summary>The group created by <see cref="Init"/>, or null before it.</summary>
    public static ProcessGroup? World => s_world;

    /// <summary>True when Open MPI's <c>libmpi</c> can be loaded on this machine.</summary>
    public static bool IsAvailable => MpiLibrary.IsAvailable;

    /// <summary>This process's index in the group, 0 to <see cref="WorldSize"/> − 1 (PyTorch's <c>get_rank()</c>).</summary>
    public int Rank { get; }

    /// <summary>The number of processes in the group (PyTorch's <c>get_world_size()</c>).</summary>
    public int WorldSize { get; }

    /// <summary>True on rank 0, the process that writes checkpoints and logs.</summary>
    public bool IsMainProcess => Rank == 0;

    /// <summary>
    /// How long one collective may wait for the other ranks before this rank aborts the job (PyTorch's <c>timeout</c>,
    /// 30 minutes by default); <see cref="System.Threading.Timeout.InfiniteTimeSpan"/> waits forever.
    /// </summary>
    public TimeSpan Timeout { get; set; }

    /// <summary>Compare each collective's shape and dtype across ranks before running it (one small all-gather each).</summary>
    public bool DebugChecks { get; set; }

    internal MpiLibrary.Api Mpi { get; }

    internal CollectiveWatchdog Watchdog { get; }

    /// <summary>
    /// Initialises MPI (once per process) and returns the group of all processes in the job (PyTorch's
    /// <c>init_process_group("mpi")</c>). Later calls return the same group.
    /// </summary>
    /// <param name="timeout">How long a collective may wait for the other ranks; 30 minutes when omitted.</param>
    /// <exception cref="DllNotFoundException">Open MPI is not installed; the message names the packages.</exception>
    public static ProcessGroup Init(TimeSpan? timeout = null)
    {
        lock (InitGate)
        {
            if (s_world is { _disposed: false } existing)
            {
                if (timeout is { } t)
                {
                    existing.Timeout = t;
                }

                return existing;
            }

            var mpi = MpiLibrary.Get();
            int initialized, finalized;
            MpiLibrary.Api.Check(mpi.Finalized(&finalized), "MPI_Finalized", -1);
            if (finalized != 0)
            {
                throw new InvalidOperationException("ProcessGroup.Init: MPI was already finalized in this process (by a disposed ProcessGroup); MPI cannot be initialised twice.");
            }

            MpiLibrary.Api.Check(mpi.Initialized(&initialized), "MPI_Initialized", -1);
            if (initialized == 0)
            {
                MpiLibrary.Api.Check(mpi.Init(null, null), "MPI_Init", -1);
            }

            var group = new ProcessGroup(mpi, timeout ?? TimeSpan.FromMinutes(30));
            AppDomain.CurrentDomain.UnhandledException += group.OnUnhandledException;
            s_world = group;
            return group;
        }
    }

    /// <summary>Combines <paramref name="tensor"/> across ranks with <paramref name="op"/>, in place on every rank (<c>all_reduce</c>).</summary>
    public void AllReduce(Tensor tensor, ReduceOp op = ReduceOp.Sum)
    {
        var (count, type) = CheckTensor(tensor, "AllReduce");
        CheckConsistent("AllReduce", tensor, (long)op);
        fixed (byte* data = &MemoryMarshal.GetArrayDataReference(tensor.Storage))
        {
            using (Watchdog.Enter("AllReduce", tensor, Timeout))
            {
                MpiLibrary.Api.Check(Mpi.Allreduce(MpiLibrary.InPlace, data + Bytes(tensor), count, type, OpHandle(op), Mpi.CommWorld), "MPI_Allreduce", Rank);
            }
        }

        if (op == ReduceOp.Average)
        {
            Scale(tensor, 1.0 / WorldSize);
        }
    }

    /// <summary>
    /// Starts <see cref="AllReduce"/> without waiting for it (<c>all_reduce(..., async_op=True)</c>): the returned
    /// <see cref="Work"/> completes it. Until then the tensor's memory belongs to MPI.
    /// </summary>
    public Work AllReduceAsync(Tensor tensor, ReduceOp op = ReduceOp.Sum)
    {
        var (count, type) = CheckTensor(tensor, "AllReduceAsync");
        CheckConsistent("AllReduceAsync", tensor, (long)op);
        var pin = GCHandle.Alloc(tensor.Storage, GCHandleType.Pinned);
        nint request;
        var data = (byte*)pin.AddrOfPinnedObject() + Bytes(tensor);
        var code = Mpi.Iallreduce(MpiLibrary.InPlace, data, count, type, OpHandle(op), Mpi.CommWorld, &request);
        if (code != MpiLibrary.Success)
        {
            pin.Free();
            MpiLibrary.Api.Check(code, "MPI_Iallreduce", Rank);
        }

        return new Work(this, tensor, op, pin, request);
    }

    /// <summary>Copies <paramref name="tensor"/> from rank <paramref name="source"/> into the same tensor on every other rank (<c>broadcast</c>).</summary>
    public void Broadcast(Tensor tensor, int source = 0)
    {
        if ((uint)source >= (uint)WorldSize)
        {
            throw new ArgumentOutOfRangeException(nameof(source), source, $"Broadcast: source rank {source} is outside the group of {WorldSize} ranks.");
        }

        var (count, type) = CheckTensor(tensor, "Broadcast");
        CheckConsistent("Broadcast", tensor, source);
        fixed (byte* data = &MemoryMarshal.GetArrayDataReference(tensor.Storage))
        {
            using (Watchdog.Enter("Broadcast", tensor, Timeout))
            {
                MpiLibrary.Api.Check(Mpi.Bcast(data + Bytes(tensor), count, type, source, Mpi.CommWorld), "MPI_Bcast", Rank);
            }
        }
    }

    /// <summary>
    /// Gathers every rank's <paramref name="input"/> into <paramref name="outputs"/>[rank] on every rank (<c>all_gather</c>):
    /// one output per rank, each of the input's shape and dtype.
    /// </summary>
    public void AllGather(IReadOnlyList<Tensor> outputs, Tensor input)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        if (outputs.Count != WorldSize)
        {
            throw new ArgumentException($"AllGather: expected one output tensor per rank ({WorldSize}), got {outputs.Count}.", nameof(outputs));
        }

        foreach (var output in outputs)
        {
            if (output.Shape != input.Shape || output.DType != input.DType)
            {
                throw new ArgumentException(
                    $"AllGather: every output must have the input's shape {input.Shape} and dtype {input.DType.ToTorchName()}, got {output.Shape} ({output.DType.ToTorchName()}).",
                    nameof(outputs));
            }
        }

        var gathered = AllGather(input);
        for (var r = 0; r < WorldSize; r++)
        {
            using var scope = TensorScope.Begin();
            outputs[r].CopyFromUntracked(gathered.Select(0, r));
        }
    }

    /// <summary>
    /// Gathers every rank's <paramref name="input"/> into one new tensor of shape [WorldSize, ...input.Shape], rank r's
    /// at index r (PyTorch's <c>all_gather_into_tensor</c>, stacked), written by MPI directly.
    /// </summary>
    public Tensor AllGather(Tensor input)
    {
        var (count, type) = CheckTensor(input, "AllGather");
        CheckConsistent("AllGather", input, 0);
        var dims = new int[input.Rank + 1];
        dims[0] = WorldSize;
        input.Shape.Dims.CopyTo(dims.AsSpan(1));
        var result = Tensor.Empty(new Shape(dims), input.DType);
        fixed (byte* send = &MemoryMarshal.GetArrayDataReference(input.Storage))
        fixed (byte* receive = &MemoryMarshal.GetArrayDataReference(result.Storage))
        {
            using (Watchdog.Enter("AllGather", input, Timeout))
            {
                MpiLibrary.Api.Check(Mpi.Allgather(send + Bytes(input), count, type, receive, count, type, Mpi.CommWorld), "MPI_Allgather", Rank);
            }
        }

        return result;
    }

    /// <summary>Waits until every rank has reached this call (<c>barrier</c>).</summary>
    public void Barrier()
    {
        using (Watchdog.Enter("Barrier", null, Timeout))
        {
            MpiLibrary.Api.Check(Mpi.Barrier(Mpi.CommWorld), "MPI_Barrier", Rank);
        }
    }

    /// <summary>Runs <paramref name="action"/> on rank 0 only, then waits for it on every rank (e.g. to write a file the others then read).</summary>
    public void OnMainProcess(Action action)
    {
        ArgumentNullException.ThrowIfNull(action);
        if (IsMainProcess)
        {
            action();
        }

        Barrier();
    }

    /// <summary>Writes <paramref name="line"/> to standard output on rank 0 only, so a job's log has each line once.</summary>
    public void Print(string line)
    {
        if (IsMainProcess)
        {
            Console.WriteLine(line);
        }
    }

    /// <summary>Prints <paramref name="reason"/> with this rank's number to standard error and aborts every process of the job (<c>MPI_Abort</c>).</summary>
    public void Abort(string reason, int errorCode = 1)
    {
        Console.Error.WriteLine($"AutoDiffGen.Distributed: rank {Rank} of {WorldSize}: {reason}. Aborting the job.");
        Console.Error.Flush();
        Console.Out.Flush();
        Mpi.Abort(Mpi.CommWorld, errorCode);

        // MPI_Abort does not return when it works.
        Environment.Exit(errorCode);
    }

    /// <summary>Finalises MPI (<c>destroy_process_group</c>); no collective may run afterwards, and MPI cannot be initialised again.</summary>
    public void Dispose()
    {
        lock (InitGate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            AppDomain.CurrentDomain.UnhandledException -= OnUnhandledException;
            int finalized;
            if (Mpi.Finalized(&finalized) == MpiLibrary.Success && finalized == 0)
            {
                MpiLibrary.Api.Check(Mpi.Finalize(), "MPI_Finalize", Rank);
            }
        }
    }

    /// <summary>tensor *= factor on its contiguous elements (no tape).</summary>
    internal static void Scale(Tensor tensor, double factor)
    {
        if (tensor.DType == DType.Float32)
        {
            var span = tensor.Data<float>();
            TensorPrimitives.Multiply(span, (float)factor, span);
        }
        else
        {
            var span = tensor.Data<double>();
            TensorPrimitives.Multiply(span, factor, span);
        }
    }

    private void OnUnhandledException(object sender, UnhandledExceptionEventArgs e)
        => Abort($"unhandled {e.ExceptionObject}");

    private (int Count, nint Type) CheckTensor(Tensor tensor, string op)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (tensor.DType is not (DType.Float32 or DType.Float64))
        {
            throw new ArgumentException($"{op}: collectives take float32 or float64 tensors, got {tensor.DType.ToTorchName()} (shape {tensor.Shape}).", nameof(tensor));
        }

        if (!tensor.IsContiguous)
        {
            throw new ArgumentException(
                $"{op}: the tensor (shape {tensor.Shape}) is not contiguous; collectives write in place into contiguous memory. Call Contiguous() first.",
                nameof(tensor));
        }

        return (tensor.NumElements, tensor.DType == DType.Float32 ? Mpi.Float : Mpi.Double);
    }

    private static nint Bytes(Tensor tensor) => (nint)tensor.Offset * tensor.DType.ElementSize();

    private nint OpHandle(ReduceOp op) => op switch
    {
        ReduceOp.Sum or ReduceOp.Average => Mpi.OpSum,
        ReduceOp.Product => Mpi.OpProd,
        ReduceOp.Min => Mpi.OpMin,
        ReduceOp.Max => Mpi.OpMax,
        _ => throw new ArgumentOutOfRangeException(nameof(op), op, "Unknown ReduceOp."),
    };

    /// <summary>
    /// In debug mode, all-gathers a small signature of the collective (operation, dtype, shape, argument) and throws on
    /// every rank, naming each rank's call, when they differ: a mismatch would otherwise corrupt memory or hang.
    /// </summary>
    private void CheckConsistent(string op, Tensor tensor, long argument)
    {
        if (!DebugChecks || WorldSize == 1)
        {
            return;
        }

        Span<long> mine = stackalloc long[SignatureLength];
        mine[0] = StableCode(op);
        mine[1] = (long)tensor.DType;
        mine[2] = tensor.Rank;
        // Both hashes must agree across processes: string.GetHashCode and HashCode are seeded per process.
        long hash = 17;
        for (var d = 0; d < tensor.Rank; d++)
        {
            if (d < 4)
            {
                mine[3 + d] = tensor.Shape[d];
            }
            else
            {
                hash = (hash * 31) + tensor.Shape[d];
            }
        }

        mine[7] = hash;
        mine[8] = argument;
        var all = new long[SignatureLength * WorldSize];
        fixed (long* send = mine)
        fixed (long* receive = all)
        {
            using (Watchdog.Enter($"the debug check before {op}", tensor, Timeout))
            {
                MpiLibrary.Api.Check(Mpi.Allgather(send, SignatureLength, Mpi.Int64, receive, SignatureLength, Mpi.Int64, Mpi.CommWorld), "MPI_Allgather", Rank);
            }
        }

        var reference = all.AsSpan(0, SignatureLength);
        var consistent = true;
        for (var r = 1; r < WorldSize; r++)
        {
            consistent &= all.AsSpan(r * SignatureLength, SignatureLength).SequenceEqual(reference);
        }

        if (!consistent)
        {
            var calls = Enumerable.Range(0, WorldSize).Select(r => $"rank {r}: {Format(all.AsSpan(r * SignatureLength, SignatureLength), op)}");
            throw new InvalidOperationException(
                $"{op}: the ranks called different collectives or passed tensors of different shapes or dtypes ({string.Join("; ", calls)}). " +
                "Every rank must make the same collectives, in the same order, with tensors of the same shape and dtype.");
        }
    }

    /// <summary>FNV-1a of the operation's name: the same in every process.</summary>
    private static long StableCode(string op)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in op)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        return (long)(hash >> 1);
    }

    private static string Format(ReadOnlySpan<long> signature, string op)
    {
        var ownOp = StableCode(op) == signature[0];
        var rank = (int)signature[2];
        var dims = new List<string>();
        for (var d = 0; d < Math.Min(rank, 4); d++)
        {
            dims.Add(signature[3 + d].ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        if (rank > 4)
        {
            dims.Add("…");
        }

        var dtype = ((DType)signature[1]).ToTorchName();
        return $"{(ownOp ? op : "a different collective")} {dtype} [{string.Join(", ", dims)}], argument {signature[8]}";
    }
}
