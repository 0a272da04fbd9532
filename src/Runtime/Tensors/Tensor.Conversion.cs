using AutoDiffGen.Kernels;

namespace AutoDiffGen;

public sealed partial class Tensor
{
    /// <summary>
    /// The elements in row-major order as a new array; <typeparamref name="T"/> must match <see cref="DType"/>
    /// (<c>float</c>, <c>double</c>, <c>long</c> or <c>bool</c>).
    /// </summary>
    public T[] ToArray<T>()
        where T : unmanaged
    {
        CheckElementType<T>(nameof(ToArray));
        return ContiguousUntracked().Data<T>().ToArray();
    }

    /// <summary>The value of a one-element tensor (PyTorch's <c>item()</c>).</summary>
    public T Item<T>()
        where T : unmanaged
    {
        CheckElementType<T>(nameof(Item));
        if (NumElements != 1)
        {
            throw new InvalidOperationException($"Item: a tensor with {NumElements} elements (shape {Shape}) cannot be converted to a scalar.");
        }

        return StorageAs<T>()[Offset];
    }

    /// <summary>The value of a one-element tensor of any dtype, as double.</summary>
    public double ItemAsDouble() => NumElements != 1
        ? throw new InvalidOperationException($"Item: a tensor with {NumElements} elements (shape {Shape}) cannot be converted to a scalar.")
        : GetAsDouble(Offset);

    /// <summary>The elements in row-major order converted to double, whatever the dtype.</summary>
    public double[] ToDoubleArray() => To(DType.Float64).ToArray<double>();

    /// <summary>
    /// A contiguous tensor with the same values: this tensor itself when already contiguous, else a copy (differentiable).
    /// </summary>
    public Tensor Contiguous()
    {
        if (IsContiguous)
        {
            return this;
        }

        return Autograd.Record("Contiguous", ContiguousUntracked(), this, static (_, grad, grads) => grads[0] = grad);
    }

    /// <summary>A contiguous tensor with the same values, never recorded on the tape (for kernels' own use).</summary>
    internal Tensor ContiguousUntracked()
    {
        if (IsContiguous)
        {
            return this;
        }

        var result = Empty(Shape, DType);
        switch (DType)
        {
            case DType.Float32: StridedCopy.Run(StorageAs<float>(), Offset, Strides, Shape.Raw, result.Data<float>()); break;
            case DType.Float64: StridedCopy.Run(StorageAs<double>(), Offset, Strides, Shape.Raw, result.Data<double>()); break;
            case DType.Int64: StridedCopy.Run(StorageAs<long>(), Offset, Strides, Shape.Raw, result.Data<long>()); break;
            default: StridedCopy.Run(StorageAs<bool>(), Offset, Strides, Shape.Raw, result.Data<bool>()); break;
        }

        return result;
    }

    /// <summary>A contiguous copy that does not share memory with this tensor (differentiable; PyTorch's <c>clone()</c>).</summary>
    public Tensor Clone()
    {
        var copy = Contiguous();
        if (!ReferenceEquals(copy, this))
        {
            return copy;
        }

        var result = Empty(Shape, DType);
        Array.Copy(Storage, Offset, result.Storage, 0, NumElements);
        return Autograd.Record("Clone", result, this, static (_, grad, grads) => grads[0] = grad);
    }

    /// <summary>This tensor converted to <paramref name="dtype"/> (differentiable between float types); itself if already of that type.</summary>
    public Tensor To(DType dtype)
    {
        if (dtype == DType)
        {
            return this;
        }

        var source = ContiguousUntracked();
        var result = Empty(Shape, dtype);
        var n = NumElements;
        switch (dtype, source.DType)
        {
            case (DType.Float64, DType.Float32):
                System.Numerics.Tensors.TensorPrimitives.ConvertChecked<float, double>(source.Data<float>(), result.Data<double>());
                break;
            case (DType.Float32, DType.Float64):
                System.Numerics.Tensors.TensorPrimitives.ConvertTruncating<double, float>(source.Data<double>(), result.Data<float>());
                break;
            default:
                for (var i = 0; i < n; i++)
                {
                    result.SetFlat(i, source.GetAsDouble(source.Offset + i));
                }

                break;
        }

        if (!DType.IsFloatingPoint() || !dtype.IsFloatingPoint())
        {
            return result;
        }

        return Autograd.Record("To", result, this, static (node, grad, grads) => grads[0] = grad.To(node.Inputs[0].DType));
    }

    /// <summary>Reads storage element <paramref name="storageIndex"/> as double.</summary>
    internal double GetAsDouble(int storageIndex) => DType switch
    {
        DType.Float32 => StorageAs<float>()[storageIndex],
        DType.Float64 => StorageAs<double>()[storageIndex],
        DType.Int64 => StorageAs<long>()[storageIndex],
        _ => StorageAs<bool>()[storageIndex] ? 1 : 0,
    };

    private void CheckElementType<T>(string op)
    {
        var expected = DType switch
        {
            DType.Float32 => typeof(float),
            DType.Float64 => typeof(double),
            DType.Int64 => typeof(long),
            _ => typeof(bool),
        };
        if (typeof(T) != expected)
        {
            throw new InvalidOperationException($"{op}<{typeof(T).Name}>: the tensor is {DType.ToTorchName()}; use {op}<{expected.Name}>() or convert with To(...) first.");
        }
    }
}
