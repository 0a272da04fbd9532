using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace AutoDiffGen;

public sealed partial class Tensor
{
    /// <summary>
    /// The elements of this contiguous tensor as a writable span over its memory, without copying (NumPy's view through
    /// <c>tensor.numpy()</c>), so a custom optimizer can update a parameter in place. Counts as an in-place write: it
    /// bumps <see cref="Version"/>, and a leaf that requires grad must be reached inside <see cref="Autograd.NoGrad"/>.
    /// Use <see cref="AsReadOnlySpan{T}"/> to read.
    /// </summary>
    /// <typeparam name="T">The element type: float for float32, double for float64, long for int64, bool for bool.</typeparam>
    public Span<T> AsSpan<T>()
        where T : unmanaged
    {
        CheckSpanAccess<T>(nameof(AsSpan));
        CheckInPlaceAllowed(nameof(AsSpan));
        TensorVersions.Bump(Storage);
        return Data<T>();
    }

    /// <summary>The elements of this contiguous tensor as a read-only span over its memory, without copying.</summary>
    /// <typeparam name="T">The element type: float for float32, double for float64, long for int64, bool for bool.</typeparam>
    public ReadOnlySpan<T> AsReadOnlySpan<T>()
        where T : unmanaged
    {
        CheckSpanAccess<T>(nameof(AsReadOnlySpan));
        return MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference((T[])Storage), Offset), NumElements);
    }

    private void CheckSpanAccess<T>(string op)
    {
        if (Storage is not T[])
        {
            throw new InvalidOperationException($"{op}<{typeof(T).Name}>: the tensor (shape {Shape}) holds {DType.ToTorchName()} elements; use {ElementTypeName(DType)}.");
        }

        if (!IsContiguous)
        {
            throw new InvalidOperationException($"{op}: the tensor (shape {Shape}) is a strided view, not contiguous; call Contiguous() first (a copy).");
        }
    }

    private static string ElementTypeName(DType dtype) => dtype switch
    {
        DType.Float32 => "float",
        DType.Float64 => "double",
        DType.Int64 => "long",
        _ => "bool",
    };
}
