using System.Numerics;
using System.Runtime.Intrinsics;

namespace AutoDiffGen.Tests.Kernels;

/// <summary>
/// Each op's operator struct (what fused kernels run): its scalar, span and vector forms agree, its derivative matches
/// float64 central differences of its scalar form, and its span form is what the tape op computes.
/// </summary>
public class ElementwiseOperatorTests
{
    private static double[] Samples(double low, double high)
    {
        var random = new Random(7);

        // Two whole vectors of float32 and a ragged tail, plus values PyTorch's conventions care about.
        return [.. Enumerable.Range(0, 35).Select(_ => low + (random.NextDouble() * (high - low))), low, high];
    }

    [Fact] public void Sigmoid() => Check<Tensor.SigmoidOperator>(Samples(-8, 8), Tensor.Sigmoid);
    [Fact] public void Relu() => Check<Tensor.ReluOperator>(Samples(-3, 3), Tensor.Relu);
    [Fact] public void Rsqrt() => Check<Tensor.RsqrtOperator>(Samples(0.2, 5), Tensor.Rsqrt);
    [Fact] public void Erf() => Check<Tensor.ErfOperator>(Samples(-4, 4), Tensor.Erf);
    [Fact] public void LogSigmoid() => Check<Tensor.LogSigmoidOperator>(Samples(-30, 30), Tensor.LogSigmoid);

    [Fact]
    public void LogSigmoidKeepsTheDigitsOfTinyTails()
    {
        // log σ(40) = −log(1 + e^−40) ≈ −e^−40: 1 + e^−40 rounds to 1, so a plain log would return 0.
        foreach (var x in new[] { 40.0, 60.0, -40.0 })
        {
            var expected = Math.Min(x, 0) - Math.Exp(-Math.Abs(x));
            Assert.Equal(expected, Tensor.LogSigmoidOperator.Invoke(x), 1e-15 * Math.Abs(expected) + 1e-300);
            Assert.Equal(expected, Tensor.LogSigmoidOperator.Invoke(Vector512.Create(x))[0], 1e-15 * Math.Abs(expected) + 1e-300);
        }
    }

    [Fact]
    public void ReluDerivativeIsZeroAtZeroAndAtNaN()
    {
        Assert.Equal(0.0, Tensor.ReluOperator.Derivative(0.0, Tensor.ReluOperator.Invoke(0.0)));
        Assert.Equal(0f, Tensor.ReluOperator.Derivative(float.NaN, float.NaN));
    }

    [Fact]
    public void SigmoidSaturatesWithoutNaN()
    {
        float[] x = [-200f, -90f, 90f, 200f, 0f, -0f, float.NegativeInfinity, float.PositiveInfinity, .. new float[8]];
        var vector = Tensor.SigmoidOperator.Invoke(Vector512.Create<float>(x));
        for (var i = 0; i < x.Length; i++)
        {
            var expected = 1 / (1 + Math.Exp(-x[i]));
            Assert.Equal(expected, vector[i], 6);
        }
    }

    private static void Check<TOp>(double[] samples, Func<Tensor, Tensor> op)
        where TOp : IElementwiseOperator<TOp>
    {
        CheckType<TOp, double>(samples, op, 1e-12);
        CheckType<TOp, float>(samples, op, 2e-6);
    }

    private static void CheckType<TOp, T>(double[] samples, Func<Tensor, Tensor> op, double tolerance)
        where TOp : IElementwiseOperator<TOp>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var x = samples.Select(T.CreateTruncating).ToArray();
        var scalar = x.Select(TOp.Invoke).ToArray();
        var derivative = x.Select((v, i) => TOp.Derivative(v, scalar[i])).ToArray();

        var span = new T[x.Length];
        TOp.Invoke<T>(x, span);
        var spanDerivative = new T[x.Length];
        TOp.Derivative<T>(x, scalar, spanDerivative);

        // The destination may be an input: derivative written over the result it reads.
        var inPlace = (T[])scalar.Clone();
        TOp.Derivative<T>(x, inPlace, inPlace);

        var tensor = op(Tensor.FromArray(samples, samples.Length).To(typeof(T) == typeof(float) ? DType.Float32 : DType.Float64)).To(DType.Float64).ToArray<double>();
        for (var i = 0; i < x.Length; i++)
        {
            var where = $"{typeof(TOp).Name}<{typeof(T).Name}> at {x[i]}";
            Close(double.CreateTruncating(scalar[i]), double.CreateTruncating(span[i]), tolerance, where + " (span)");
            Close(double.CreateTruncating(scalar[i]), tensor[i], tolerance, where + " (tape op)");
            Close(double.CreateTruncating(derivative[i]), double.CreateTruncating(spanDerivative[i]), tolerance, where + " (span derivative)");
            Close(double.CreateTruncating(derivative[i]), double.CreateTruncating(inPlace[i]), tolerance, where + " (in-place derivative)");

            // float64 central differences of the scalar form.
            var h = 1e-6;
            var numeric = (TOp.Invoke(samples[i] + h) - TOp.Invoke(samples[i] - h)) / (2 * h);
            Close(numeric, TOp.Derivative(samples[i], TOp.Invoke(samples[i])), 1e-6, where + " (finite differences)");
        }

        for (var start = 0; start + Vector512<T>.Count <= x.Length; start += Vector512<T>.Count)
        {
            var vx = Vector512.Create<T>(x.AsSpan(start, Vector512<T>.Count));
            var vy = TOp.Invoke(vx);
            var vd = TOp.Derivative(vx, vy);
            for (var i = 0; i < Vector512<T>.Count; i++)
            {
                var where = $"{typeof(TOp).Name}<{typeof(T).Name}> vector at {x[start + i]}";
                Close(double.CreateTruncating(scalar[start + i]), double.CreateTruncating(vy[i]), tolerance, where);
                Close(double.CreateTruncating(derivative[start + i]), double.CreateTruncating(vd[i]), tolerance, where + " (derivative)");
            }
        }
    }

    private static void Close(double expected, double actual, double tolerance, string where) =>
        Assert.True(Math.Abs(expected - actual) <= tolerance * Math.Max(1, Math.Abs(expected)), $"{where}: expected {expected}, got {actual}");
}
