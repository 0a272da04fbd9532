using System.Numerics;
using AutoDiffGen.Kernels;

namespace AutoDiffGen;

/// <summary>Forward-only plumbing shared by the ops: dtype checks and promotion, broadcasting layout, kernel dispatch.</summary>
public sealed partial class Tensor
{
    /// <summary>Computes <typeparamref name="TOp"/>(a, b) with broadcasting, without recording anything.</summary>
    /// <remarks>Operands must already share a float dtype (see <see cref="PromoteFloat"/>).</remarks>
    internal static Tensor BinaryForward<TOp>(string op, Tensor a, Tensor b)
        where TOp : IBinaryOperator
    {
        var shape = Shape.Broadcast(a.Shape, b.Shape, op);
        var result = Empty(shape, a.DType);
        if (a.DType == DType.Float32)
        {
            BinaryKernel<float, TOp>(a, b, result);
        }
        else
        {
            BinaryKernel<double, TOp>(a, b, result);
        }

        return result;
    }

    private static void BinaryKernel<T, TOp>(Tensor a, Tensor b, Tensor result)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TOp : IBinaryOperator
    {
        var dst = result.Data<T>();
        var shape = result.Shape;
        var chunks = Parallelism.ChunkCount(dst.Length);
        if (a.IsContiguous && b.IsContiguous && a.Shape == b.Shape)
        {
            if (chunks == 1)
            {
                TOp.Invoke<T>(a.Data<T>(), b.Data<T>(), dst);
            }
            else
            {
                Parallelism.For(dst.Length, chunks,
                    new OperatorSlices.Binary<T, TOp>(a.StorageAs<T>(), a.Offset, b.StorageAs<T>(), b.Offset, result.StorageAs<T>()));
            }

            return;
        }

        if (b.NumElements == 1 && a.IsContiguous && a.Shape == shape)
        {
            var y = b.StorageAs<T>()[b.Offset];
            if (chunks == 1)
            {
                TOp.Invoke(a.Data<T>(), y, dst);
            }
            else
            {
                Parallelism.For(dst.Length, chunks, new OperatorSlices.BinaryScalarRight<T, TOp>(a.StorageAs<T>(), a.Offset, y, result.StorageAs<T>()));
            }

            return;
        }

        if (a.NumElements == 1 && b.IsContiguous && b.Shape == shape)
        {
            var x = a.StorageAs<T>()[a.Offset];
            if (chunks == 1)
            {
                TOp.Invoke(x, b.Data<T>(), dst);
            }
            else
            {
                Parallelism.For(dst.Length, chunks, new OperatorSlices.BinaryScalarLeft<T, TOp>(x, b.StorageAs<T>(), b.Offset, result.StorageAs<T>()));
            }

            return;
        }

        a = a.WithUnitOrZeroInnerStride(shape);
        b = b.WithUnitOrZeroInnerStride(shape);
        BroadcastDriver.Run<T, TOp>(
            a.StorageAs<T>(), a.Offset, a.BroadcastStrides(shape),
            b.StorageAs<T>(), b.Offset, b.BroadcastStrides(shape),
            dst, shape.Raw);
    }

    /// <summary>Computes <typeparamref name="TOp"/>(x) elementwise, without recording anything.</summary>
    internal static Tensor UnaryForward<TOp>(string op, Tensor x)
        where TOp : IUnaryOperator
    {
        RequireFloatingPoint(op, x);
        x = x.ContiguousUntracked();
        var result = Empty(x.Shape, x.DType);
        if (x.DType == DType.Float32)
        {
            UnaryKernel<float, TOp>(x, result);
        }
        else
        {
            UnaryKernel<double, TOp>(x, result);
        }

        return result;
    }

    private static void UnaryKernel<T, TOp>(Tensor x, Tensor result)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TOp : IUnaryOperator
    {
        var n = result.NumElements;
        var chunks = Parallelism.ChunkCount(n);
        if (chunks == 1)
        {
            TOp.Invoke<T>(x.Data<T>(), result.Data<T>());
            return;
        }

        Parallelism.For(n, chunks, new OperatorSlices.Unary<T, TOp>(x.StorageAs<T>(), x.Offset, result.StorageAs<T>()));
    }

    /// <summary>Throws unless <paramref name="x"/> is float32 or float64.</summary>
    internal static void RequireFloatingPoint(string op, Tensor x)
    {
        if (!x.DType.IsFloatingPoint())
        {
            throw new ArgumentException($"{op}: expected a floating-point tensor, got {x.DType.ToTorchName()} of shape {x.Shape}.");
        }
    }

    /// <summary>Both operands as floats of one dtype, float64 winning as in PyTorch's type promotion.</summary>
    internal static (Tensor, Tensor) PromoteFloat(string op, Tensor a, Tensor b)
    {
        RequireFloatingPoint(op, a);
        RequireFloatingPoint(op, b);
        if (a.DType == b.DType)
        {
            return (a, b);
        }

        return a.DType == DType.Float64 ? (a, b.To(DType.Float64)) : (a.To(DType.Float64), b);
    }

    /// <summary>A 0-d tensor of <paramref name="like"/>'s dtype holding <paramref name="value"/>, for tensor⊗scalar ops.</summary>
    internal static Tensor ScalarLike(double value, Tensor like) => like.DType == DType.Float64
        ? Scalar(value)
        : Scalar((float)value);

    /// <summary>Strides of this tensor viewed at <paramref name="target"/>'s rank, 0 along broadcast dimensions.</summary>
    internal int[] BroadcastStrides(Shape target)
    {
        var rank = target.Rank;
        var strides = new int[rank];
        var offset = rank - Rank;
        for (var i = 0; i < Rank; i++)
        {
            strides[i + offset] = Shape.Raw[i] == 1 && target.Raw[i + offset] != 1 ? 0 : Strides[i];
        }

        return strides;
    }

    /// <summary>This tensor, or a contiguous copy when its innermost stride is neither 1 nor a broadcast 0.</summary>
    private Tensor WithUnitOrZeroInnerStride(Shape target)
    {
        if (Rank == 0 || target.Rank == 0)
        {
            return this;
        }

        var inner = BroadcastStrides(target)[^1];
        return inner is 0 or 1 ? this : ContiguousUntracked();
    }
}
