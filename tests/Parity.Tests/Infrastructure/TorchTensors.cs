using TorchSharp;

namespace AutoDiffGen.Parity.Tests.Infrastructure;

/// <summary>Moves data between plain .NET arrays and TorchSharp tensors, checking dtypes and shapes on the way.</summary>
internal static class TorchTensors
{
    /// <summary>A float32 CPU tensor holding a copy of <paramref name="data"/> laid out row-major in <paramref name="shape"/>.</summary>
    public static torch.Tensor FromArray(float[] data, long[] shape, bool requiresGrad = false)
    {
        CheckCount(data.Length, shape);

        // torch.tensor(array, []) makes shape [1]; a 0-d tensor needs the scalar overload.
        return shape.Length == 0
            ? torch.tensor(data[0], torch.float32, requires_grad: requiresGrad)
            : torch.tensor(data, shape, torch.float32, requires_grad: requiresGrad);
    }

    /// <summary>A float64 CPU tensor holding a copy of <paramref name="data"/> laid out row-major in <paramref name="shape"/>.</summary>
    public static torch.Tensor FromArray(double[] data, long[] shape, bool requiresGrad = false)
    {
        CheckCount(data.Length, shape);
        return shape.Length == 0
            ? torch.tensor(data[0], torch.float64, requires_grad: requiresGrad)
            : torch.tensor(data, shape, torch.float64, requires_grad: requiresGrad);
    }

    /// <summary>A row-major copy of a float32 tensor's elements (any strides, detached from the graph).</summary>
    public static float[] ToFloatArray(torch.Tensor tensor)
    {
        CheckDType(tensor, torch.ScalarType.Float32);
        if (tensor.numel() == 0)
        {
            return []; // TorchSharp's data<T>().ToArray() throws on an empty tensor.
        }

        using var dense = tensor.detach().cpu().contiguous();
        return dense.data<float>().ToArray();
    }

    /// <summary>A row-major copy of a float64 tensor's elements (any strides, detached from the graph).</summary>
    public static double[] ToDoubleArray(torch.Tensor tensor)
    {
        CheckDType(tensor, torch.ScalarType.Float64);
        if (tensor.numel() == 0)
        {
            return [];
        }

        using var dense = tensor.detach().cpu().contiguous();
        return dense.data<double>().ToArray();
    }

    private static void CheckCount(int length, long[] shape)
    {
        long count = shape.Aggregate(1L, (product, dim) => product * dim);
        if (shape.Any(dim => dim < 0) || count != length)
        {
            throw new ArgumentException(
                $"TorchTensors.FromArray: {length} elements cannot fill shape [{string.Join(", ", shape)}] ({count} elements).",
                nameof(shape));
        }
    }

    private static void CheckDType(torch.Tensor tensor, torch.ScalarType expected)
    {
        if (tensor.dtype != expected)
        {
            throw new ArgumentException(
                $"TorchTensors: expected a {expected} tensor, got {tensor.dtype} with shape [{string.Join(", ", tensor.shape)}].",
                nameof(tensor));
        }
    }
}
