namespace AutoDiffGen;

/// <summary>Validation shared by the ops that take an int64 index tensor.</summary>
public sealed partial class Tensor
{
    /// <summary>
    /// <paramref name="index"/> as a contiguous int64 tensor whose every value lies in [0, size of <paramref name="dim"/>),
    /// or an exception naming <paramref name="op"/>, the dimension, the offending index and the size.
    /// </summary>
    internal static Tensor CheckIndexValues(string op, Tensor index, int dim, Shape shape)
    {
        RequireIndexDType(op, index);
        var contiguous = index.ContiguousUntracked();
        var size = shape.Raw[dim];
        foreach (var value in contiguous.Data<long>())
        {
            if (value < 0 || value >= size)
            {
                throw new ArgumentOutOfRangeException(
                    nameof(index), value, $"{op}: index {value} is out of bounds for dimension {dim} with size {size} (tensor of shape {shape}).");
            }
        }

        return contiguous;
    }

    /// <summary>Throws unless <paramref name="index"/> is an int64 tensor.</summary>
    internal static void RequireIndexDType(string op, Tensor index)
    {
        ArgumentNullException.ThrowIfNull(index);
        if (index.DType != DType.Int64)
        {
            throw new ArgumentException($"{op}: expected an int64 index tensor, got {index.DType.ToTorchName()} of shape {index.Shape}.", nameof(index));
        }
    }

    /// <summary>Throws unless a summing op (index_add, scatter_add) supports <paramref name="x"/>'s dtype.</summary>
    internal static void RequireNumeric(string op, Tensor x)
    {
        if (x.DType == DType.Bool)
        {
            throw new ArgumentException($"{op}: bool tensors are not supported (shape {x.Shape}); convert with To(...) first.");
        }
    }
}
