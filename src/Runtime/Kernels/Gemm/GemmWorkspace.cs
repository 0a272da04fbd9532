using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace AutoDiffGen.Kernels;

/// <summary>
/// Per-thread packing buffers, grown on demand and kept, so steady-state GEMM calls allocate nothing.
/// Pinned so the kernels can hold raw pointers, and over-allocated so panels start on a 64-byte boundary.
/// </summary>
internal static unsafe class GemmWorkspace<T>
    where T : unmanaged
{
    [ThreadStatic]
    private static T[]? bufferA;

    [ThreadStatic]
    private static T[]? bufferB;

    [ThreadStatic]
    private static T[]? bufferShared;

    /// <summary>A 64-byte-aligned buffer of at least <paramref name="length"/> elements for packed A.</summary>
    public static T* A(int length) => Aligned(ref bufferA, length);

    /// <summary>A 64-byte-aligned buffer of at least <paramref name="length"/> elements for packed B.</summary>
    public static T* B(int length) => Aligned(ref bufferB, length);

    /// <summary>
    /// A 64-byte-aligned buffer for the B blocks a team shares: the calling thread owns it, its workers write and read
    /// it through the pointer until the call returns.
    /// </summary>
    public static T* SharedB(int length) => Aligned(ref bufferShared, length);

    private static T* Aligned(ref T[]? buffer, int length)
    {
        int pad = 64 / sizeof(T);
        if (buffer is null || buffer.Length < length + pad)
        {
            buffer = GC.AllocateUninitializedArray<T>(length + pad, pinned: true);
        }

        // Pinned arrays never move, so the address stays valid while this thread holds the array.
        nint address = (nint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(buffer));
        nint aligned = (address + 63) & ~(nint)63;
        return (T*)aligned;
    }
}
