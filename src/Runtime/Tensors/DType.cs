namespace AutoDiffGen;

/// <summary>The element type of a <see cref="Tensor"/>, as PyTorch's <c>torch.dtype</c>.</summary>
public enum DType
{
    /// <summary>32-bit IEEE float, the default for new tensors (<c>torch.float32</c>).</summary>
    Float32,

    /// <summary>64-bit IEEE float (<c>torch.float64</c>).</summary>
    Float64,

    /// <summary>64-bit signed integer, used for indices and class labels (<c>torch.int64</c>).</summary>
    Int64,

    /// <summary>Boolean, the result of comparisons and the type of masks (<c>torch.bool</c>).</summary>
    Bool,
}

/// <summary>Helpers for <see cref="DType"/>.</summary>
public static class DTypeExtensions
{
    /// <summary>True for <see cref="DType.Float32"/> and <see cref="DType.Float64"/>, the types that carry gradients.</summary>
    public static bool IsFloatingPoint(this DType dtype) => dtype is DType.Float32 or DType.Float64;

    /// <summary>Size of one element in bytes.</summary>
    public static int ElementSize(this DType dtype) => dtype switch
    {
        DType.Float32 => 4,
        DType.Float64 => 8,
        DType.Int64 => 8,
        DType.Bool => 1,
        _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "Unknown dtype."),
    };

    /// <summary>PyTorch's spelling, used when printing tensors and in error messages.</summary>
    public static string ToTorchName(this DType dtype) => dtype switch
    {
        DType.Float32 => "torch.float32",
        DType.Float64 => "torch.float64",
        DType.Int64 => "torch.int64",
        DType.Bool => "torch.bool",
        _ => dtype.ToString(),
    };
}
