using System.Runtime.InteropServices;

namespace AutoDiffGen.Distributed.Native;

/// <summary>
/// Open MPI's C API reached through function pointers resolved at run time, so the runtime has no link-time
/// dependency on MPI: a program that never creates a <see cref="ProcessGroup"/> never loads <c>libmpi</c>.
/// </summary>
/// <remarks>
/// Open MPI's predefined handles (<c>MPI_COMM_WORLD</c>, <c>MPI_FLOAT</c>, <c>MPI_SUM</c>…) are the addresses of
/// exported structs (<c>ompi_mpi_comm_world</c>…), so <see cref="NativeLibrary.GetExport"/> finds them. Handles are
/// pointers (<c>nint</c>), counts are C <c>int</c>, and every call returns an MPI error code; with MPI's default error
/// handler (errors are fatal) a failing call aborts the job, naming the rank, before it returns.
/// </remarks>
internal static unsafe class MpiLibrary
{
    /// <summary>The packages that provide <c>libmpi</c>, named in every error about it.</summary>
    internal const string Packages = "openmpi-bin libopenmpi-dev";

    /// <summary>Environment variable naming a <c>libmpi</c> to load instead of the system's.</summary>
    internal const string PathVariable = "AUTODIFFGEN_LIBMPI";

    internal const int Success = 0;

    /// <summary>Open MPI's <c>MPI_IN_PLACE</c> is <c>(void*)1</c>.</summary>
    internal static readonly void* InPlace = (void*)1;

    private const int RtldNow = 0x2;
    private const int RtldGlobal = 0x100;

    private static readonly Lazy<Api> Loaded = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The loaded API; throws <see cref="DllNotFoundException"/> naming the packages when <c>libmpi</c> is absent.</summary>
    internal static Api Get() => Loaded.Value;

    /// <summary>True when <c>libmpi</c> can be loaded (it is loaded, once, by the check).</summary>
    internal static bool IsAvailable
    {
        get
        {
            try
            {
                _ = Loaded.Value;
                return true;
            }
            catch (DllNotFoundException)
            {
                return false;
            }
        }
    }

    private static Api Load() => Load(Environment.GetEnvironmentVariable(PathVariable) is { Length: > 0 } path
        ? [path]
        : ["libmpi.so.40", "libmpi.so", "libmpi.dylib"]);

    /// <summary>Loads the first of <paramref name="candidates"/> that exists (tests name a missing one to see the error).</summary>
    internal static Api Load(string[] candidates)
    {
        foreach (var name in candidates)
        {
            // RTLD_GLOBAL: Open MPI's plugins (mca_*.so), which it opens itself, resolve libmpi's symbols through the
            // global namespace; opened locally, as NativeLibrary.Load does, they fail with "undefined symbol".
            var handle = OperatingSystem.IsLinux() ? DlOpen(name, RtldNow | RtldGlobal) : 0;
            if (handle != 0 || NativeLibrary.TryLoad(name, out handle))
            {
                return new Api(handle, name);
            }
        }

        throw new DllNotFoundException(
            $"AutoDiffGen.Distributed: Open MPI's libmpi was not found (tried {string.Join(", ", candidates)}). Install Open MPI " +
            $"(Debian/Ubuntu: `apt-get install {Packages}`) and launch the program with `mpirun`, or set {PathVariable} to the " +
            "full path of libmpi.so.");
    }

    [DllImport("libc", EntryPoint = "dlopen")]
    private static extern nint DlOpenNative(byte* file, int mode);

    private static nint DlOpen(string file, int mode)
    {
        try
        {
            var bytes = System.Text.Encoding.UTF8.GetBytes(file + "\0");
            fixed (byte* p = bytes)
            {
                return DlOpenNative(p, mode);
            }
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return 0;
        }
    }

    /// <summary>The entry points and predefined handles of one loaded <c>libmpi</c>.</summary>
    internal sealed class Api
    {
        internal Api(nint library, string name)
        {
            Name = name;
            nint Export(string symbol) => NativeLibrary.TryGetExport(library, symbol, out var address)
                ? address
                : throw new EntryPointNotFoundException(
                    $"AutoDiffGen.Distributed: {name} has no symbol {symbol}; Open MPI 4.x is expected (Debian/Ubuntu: `apt-get install {Packages}`).");

            Initialized = (delegate* unmanaged<int*, int>)Export("MPI_Initialized");
            Finalized = (delegate* unmanaged<int*, int>)Export("MPI_Finalized");
            Init = (delegate* unmanaged<int*, byte***, int>)Export("MPI_Init");
            Finalize = (delegate* unmanaged<int>)Export("MPI_Finalize");
            CommRank = (delegate* unmanaged<nint, int*, int>)Export("MPI_Comm_rank");
            CommSize = (delegate* unmanaged<nint, int*, int>)Export("MPI_Comm_size");
            Allreduce = (delegate* unmanaged<void*, void*, int, nint, nint, nint, int>)Export("MPI_Allreduce");
            Iallreduce = (delegate* unmanaged<void*, void*, int, nint, nint, nint, nint*, int>)Export("MPI_Iallreduce");
            Bcast = (delegate* unmanaged<void*, int, nint, int, nint, int>)Export("MPI_Bcast");
            Allgather = (delegate* unmanaged<void*, int, nint, void*, int, nint, nint, int>)Export("MPI_Allgather");
            Barrier = (delegate* unmanaged<nint, int>)Export("MPI_Barrier");
            Wait = (delegate* unmanaged<nint*, void*, int>)Export("MPI_Wait");
            Test = (delegate* unmanaged<nint*, int*, void*, int>)Export("MPI_Test");
            Abort = (delegate* unmanaged<nint, int, int>)Export("MPI_Abort");
            CommWorld = Export("ompi_mpi_comm_world");
            Float = Export("ompi_mpi_float");
            Double = Export("ompi_mpi_double");
            Int64 = Export("ompi_mpi_int64_t");
            OpSum = Export("ompi_mpi_op_sum");
            OpProd = Export("ompi_mpi_op_prod");
            OpMin = Export("ompi_mpi_op_min");
            OpMax = Export("ompi_mpi_op_max");
        }

        internal string Name { get; }

        internal delegate* unmanaged<int*, int> Initialized { get; }

        internal delegate* unmanaged<int*, int> Finalized { get; }

        internal delegate* unmanaged<int*, byte***, int> Init { get; }

        internal delegate* unmanaged<int> Finalize { get; }

        internal delegate* unmanaged<nint, int*, int> CommRank { get; }

        internal delegate* unmanaged<nint, int*, int> CommSize { get; }

        /// <summary><c>MPI_Allreduce(sendbuf, recvbuf, count, datatype, op, comm)</c>.</summary>
        internal delegate* unmanaged<void*, void*, int, nint, nint, nint, int> Allreduce { get; }

        /// <summary><c>MPI_Iallreduce(sendbuf, recvbuf, count, datatype, op, comm, &amp;request)</c>.</summary>
        internal delegate* unmanaged<void*, void*, int, nint, nint, nint, nint*, int> Iallreduce { get; }

        /// <summary><c>MPI_Bcast(buffer, count, datatype, root, comm)</c>.</summary>
        internal delegate* unmanaged<void*, int, nint, int, nint, int> Bcast { get; }

        /// <summary><c>MPI_Allgather(sendbuf, sendcount, sendtype, recvbuf, recvcount, recvtype, comm)</c>.</summary>
        internal delegate* unmanaged<void*, int, nint, void*, int, nint, nint, int> Allgather { get; }

        internal delegate* unmanaged<nint, int> Barrier { get; }

        /// <summary><c>MPI_Wait(&amp;request, status)</c>; status may be <c>MPI_STATUS_IGNORE</c> (null).</summary>
        internal delegate* unmanaged<nint*, void*, int> Wait { get; }

        /// <summary><c>MPI_Test(&amp;request, &amp;flag, status)</c>: drives progress and says whether the request finished.</summary>
        internal delegate* unmanaged<nint*, int*, void*, int> Test { get; }

        internal delegate* unmanaged<nint, int, int> Abort { get; }

        internal nint CommWorld { get; }

        internal nint Float { get; }

        internal nint Double { get; }

        internal nint Int64 { get; }

        internal nint OpSum { get; }

        internal nint OpProd { get; }

        internal nint OpMin { get; }

        internal nint OpMax { get; }

        /// <summary>Throws, naming the call and the rank, when an MPI call returned an error code.</summary>
        internal static void Check(int code, string call, int rank)
        {
            if (code != Success)
            {
                throw new InvalidOperationException($"AutoDiffGen.Distributed: rank {rank}: {call} failed with MPI error code {code}.");
            }
        }
    }
}
