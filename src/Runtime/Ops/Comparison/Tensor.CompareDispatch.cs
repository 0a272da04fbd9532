using System.Numerics;
using AutoDiffGen.Kernels;

namespace AutoDiffGen;

/// <summary>Forward plumbing shared by the comparison and selection ops: dtype promotion and broadcast dispatch.</summary>
public sealed partial class Tensor
{
    /// <summary>Computes the bool tensor <typeparamref name="TOp"/>(a, b) with broadcasting; never recorded.</summary>
    internal static Tensor CompareForward<TOp>(string op, Tensor a, Tensor b)
        where TOp : IComparisonOperator
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var shape = Shape.Broadcast(a.Shape, b.Shape, op);
        var common = ComparisonDType(a.DType, b.DType);
        using (Autograd.NoGrad())
        {
            (a, b) = (a.To(common), b.To(common));
        }

        var result = Empty(shape, DType.Bool);
        switch (common)
        {
            case DType.Float32: CompareKernel<float, TOp>(a, b, result); break;
            case DType.Float64: CompareKernel<double, TOp>(a, b, result); break;
            default: CompareKernel<long, TOp>(a, b, result); break;
        }

        return result;
    }

    private static void CompareKernel<T, TOp>(Tensor a, Tensor b, Tensor result)
        where T : INumber<T>
        where TOp : IComparisonOperator
        => ComparisonKernels.Compare<T, TOp>(
            a.StorageAs<T>(), a.Offset, a.BroadcastStrides(result.Shape),
            b.StorageAs<T>(), b.Offset, b.BroadcastStrides(result.Shape),
            result.Data<bool>(), result.Shape.Raw);

    /// <summary>
    /// The dtype two operands are compared in: float64 over float32 over int64, as PyTorch promotes; bools compare as
    /// integers (false &lt; true).
    /// </summary>
    internal static DType ComparisonDType(DType a, DType b)
    {
        if (a == DType.Float64 || b == DType.Float64)
        {
            return DType.Float64;
        }

        return a == DType.Float32 || b == DType.Float32 ? DType.Float32 : DType.Int64;
    }

    /// <summary>
    /// A 0-d tensor holding <paramref name="value"/> to pair with <paramref name="like"/>: of its dtype when it is a
    /// float, int64 for a whole number beside an integer or bool tensor, float64 otherwise (so 0.5 is not truncated).
    /// </summary>
    internal static Tensor ScalarOperandLike(double value, Tensor like)
    {
        if (like.DType.IsFloatingPoint())
        {
            return ScalarLike(value, like);
        }

        var whole = Math.Floor(value) == value && Math.Abs(value) < 9.2e18;
        return whole ? Scalar(value, DType.Int64) : Scalar(value);
    }

    /// <summary>A 0-d bool tensor.</summary>
    internal static Tensor BoolScalar(bool value) => new(new[] { value }, Shape.Scalar);

    /// <summary>A contiguous float tensor of <paramref name="dtype"/> holding 1 where <paramref name="mask"/> is true and 0 elsewhere; never recorded.</summary>
    internal static Tensor MaskAsFloat(Tensor mask, DType dtype)
    {
        if (mask.DType != DType.Bool)
        {
            throw new ArgumentException($"Internal error: MaskAsFloat expects a torch.bool tensor, got {mask.DType.ToTorchName()}.");
        }

        var source = mask.ContiguousUntracked().Data<bool>();
        var result = Empty(mask.Shape, dtype);
        if (dtype == DType.Float32)
        {
            ComparisonKernels.MaskToFloat<float>(source, result.Data<float>());
        }
        else
        {
            ComparisonKernels.MaskToFloat<double>(source, result.Data<double>());
        }

        return result;
    }

    /// <summary>Throws unless <paramref name="x"/> is a bool tensor.</summary>
    internal static void RequireBool(string op, Tensor x, string what)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.DType != DType.Bool)
        {
            throw new ArgumentException($"{op}: expected {what} to be a torch.bool tensor, got {x.DType.ToTorchName()} of shape {x.Shape}.");
        }
    }
}
