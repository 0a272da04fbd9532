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
            TOp.Invoke(x.Data<float>(), (float)s, result.Data<float>());
        }
        else
        {
            TOp.Invoke(x.Data<double>(), s, result.Data<double>());
        }

        return result;
    }
}
