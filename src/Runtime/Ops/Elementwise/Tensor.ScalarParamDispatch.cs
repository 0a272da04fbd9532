using System.Numerics;
using AutoDiffGen.Kernels;

namespace AutoDiffGen;

public sealed partial class Tensor
{
    /// <summary>Computes <typeparamref name="TOp"/>(x, s) elementwise for a scalar parameter s, without recording anything.</summary>
    internal static Tensor ScalarParamForward<TOp>(string op, Tensor x, double s)
        where TOp : IUnaryScalarOperator
    {
        RequireFloatingPoint(op, x);
        x = x.ContiguousUntracked();
        var result = Empty(x.Shape, x.DType);
        if (x.DType == DType.Float32)
        {
            ScalarParamKernel<float, TOp>(x, (float)s, result);
        }
        else
        {
            ScalarParamKernel<double, TOp>(x, s, result);
        }

        return result;
    }

    private static void ScalarParamKernel<T, TOp>(Tensor x, T s, Tensor result)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TOp : IUnaryScalarOperator
    {
        var n = result.NumElements;
        var chunks = Parallelism.ChunkCount(n);
        if (chunks == 1)
        {
            TOp.Invoke(x.Data<T>(), s, result.Data<T>());
            return;
        }

        Parallelism.For(n, chunks, new OperatorSlices.UnaryScalar<T, TOp>(x.StorageAs<T>(), x.Offset, s, result.StorageAs<T>()));
    }
}
