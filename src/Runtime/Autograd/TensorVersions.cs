using System.Runtime.CompilerServices;

namespace AutoDiffGen;

/// <summary>
/// PyTorch's version counters: one per storage array, so every view of a storage shares it, bumped by each public
/// in-place operation. A node remembers the versions of the tensors it saved; the engine compares them before the
/// node's backward runs, so a saved tensor overwritten in place raises instead of giving a silently wrong gradient.
/// </summary>
/// <remarks>
/// Counters live in a weak table keyed by storage and are created on the first in-place write, so a process that
/// never writes in place pays one static read per recorded operation and nothing else.
/// </remarks>
internal static class TensorVersions
{
    private static readonly ConditionalWeakTable<Array, StrongBox<int>> Counters = new();
    private static volatile bool s_anyWritten;

    /// <summary>True once any storage was written in place in this process (until then every version is 0).</summary>
    public static bool AnyWritten => s_anyWritten;

    /// <summary>The version of <paramref name="storage"/>: how many in-place writes it has seen.</summary>
    public static int Of(Array? storage)
        => s_anyWritten && storage is not null && Counters.TryGetValue(storage, out var box) ? Volatile.Read(ref box.Value) : 0;

    /// <summary>Records one in-place write to <paramref name="storage"/>.</summary>
    public static void Bump(Array storage)
    {
        s_anyWritten = true;
        Interlocked.Increment(ref Counters.GetValue(storage, static _ => new StrongBox<int>()).Value);
    }
}
