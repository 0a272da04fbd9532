using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace AutoDiffGen;

public sealed partial class Tensor
{
    /// <summary>
    /// Elementwise log(1 + e^(βx)) / β, reverting to x where βx &gt; <paramref name="threshold"/> for stability
    /// (<c>torch.nn.functional.softplus</c>, same defaults).
    /// </summary>
    [Elementwise]
    public static Tensor Softplus(Tensor x, [NoDerivative] double beta = 1, [NoDerivative] double threshold = 20)
    {
        RequireFloatingPoint(nameof(Softplus), x);
        if (!(beta > 0) || double.IsInfinity(beta))
        {
            throw new ArgumentOutOfRangeException(nameof(beta), beta, $"Softplus: expected a finite beta > 0, got {beta} (input of shape {x.Shape}).");
        }

        var input = x.ContiguousUntracked();
        var result = Empty(x.Shape, x.DType);
        if (x.DType == DType.Float32)
        {
            SoftplusKernel<float>(input.Data<float>(), (float)beta, (float)threshold, result.Data<float>());
        }
        else
        {
            SoftplusKernel<double>(input.Data<double>(), beta, threshold, result.Data<double>());
        }

        return Autograd.Record(nameof(Softplus), result, x, static (node, grad, grads) =>
        {
            var (beta, threshold) = ((double, double))node.State!;
            grads[0] = SoftplusBackward(grad, node.Inputs[0], beta, threshold);
        }, (beta, threshold));
    }

    /// <summary>The rule of <c>Softplus</c>: <c>grad · sigmoid(βx)</c>, or <c>grad</c> where βx &gt; threshold (PyTorch's).</summary>
    [DerivativeOf(nameof(Softplus))]
    public static Tensor SoftplusBackward(Tensor grad, Tensor x, double beta, double threshold)
    {
        var z = x * beta;
        return grad * Where(Gt(z, threshold), 1.0, Sigmoid(z));
    }

    /// <summary>The rule of <see cref="SoftplusBackward"/> (second order): its gradients with respect to <c>gradOutput</c> (its <c>grad</c>) and <c>x</c>.</summary>
    [DerivativeOf(nameof(SoftplusBackward))]
    public static (Tensor gradOutput, Tensor x) SoftplusBackwardBackward(Tensor grad, Tensor gradOutput, Tensor x, double beta, double threshold)
    {
        var z = x * beta;
        var s = Sigmoid(z);
        return (SoftplusBackward(grad, x, beta, threshold), grad * gradOutput * Where(Gt(z, threshold), 0.0, s * (1.0 - s) * beta));
    }

    /// <summary>d[i] = softplus(x[i]): whole Vector512s, then a scalar tail computing the same formula.</summary>
    private static void SoftplusKernel<T>(ReadOnlySpan<T> x, T beta, T threshold, Span<T> destination)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            ref var source = ref MemoryMarshal.GetReference(x);
            ref var target = ref MemoryMarshal.GetReference(destination);
            var b = Vector512.Create(beta);
            var t = Vector512.Create(threshold);
            for (; i <= x.Length - Vector512<T>.Count; i += Vector512<T>.Count)
            {
                var v = Vector512.LoadUnsafe(ref source, (nuint)i);
                var z = v * b;

                // log(1 + eᶻ) = max(z, 0) + log1p(e^−|z|): no overflow for large z, all digits for very negative z.
                var u = VectorExp(-Vector512.Abs(z));
                var w = Vector512<T>.One + u;
                var log1p = Vector512.ConditionalSelect(Vector512.Equals(w, Vector512<T>.One), u, VectorLog(w) * u / (w - Vector512<T>.One));
                var soft = (Vector512.Max(z, Vector512<T>.Zero) + log1p) / b;
                Vector512.ConditionalSelect(Vector512.GreaterThan(z, t), v, soft).StoreUnsafe(ref target, (nuint)i);
            }
        }

        for (; i < x.Length; i++)
        {
            var z = x[i] * beta;
            var u = T.Exp(-T.Abs(z));
            var w = T.One + u;
            var log1p = w == T.One ? u : T.Log(w) * u / (w - T.One);
            destination[i] = z > threshold ? x[i] : (T.Max(z, T.Zero) + log1p) / beta;
        }
    }

    private static Vector512<T> VectorExp<T>(Vector512<T> x) where T : unmanaged, IFloatingPointIeee754<T> =>
        typeof(T) == typeof(float) ? Vector512.Exp(x.As<T, float>()).As<float, T>() : Vector512.Exp(x.As<T, double>()).As<double, T>();

    private static Vector512<T> VectorLog<T>(Vector512<T> x) where T : unmanaged, IFloatingPointIeee754<T> =>
        typeof(T) == typeof(float) ? Vector512.Log(x.As<T, float>()).As<float, T>() : Vector512.Log(x.As<T, double>()).As<double, T>();
}
