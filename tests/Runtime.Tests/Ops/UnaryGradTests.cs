using static AutoDiffGen.Tests.Ops.OpAssert;

namespace AutoDiffGen.Tests.Ops;

/// <summary>GradCheck for every differentiable unary op, one line each, plus second derivatives through the backward rules.</summary>
public class UnaryGradTests
{
    private static readonly int[] Shape = [3, 4];

    [Fact] public void Sqrt() => Grad(x => x[0].Sqrt(), Uniform(Shape, 1, 0.3, 3));
    [Fact] public void Rsqrt() => Grad(x => x[0].Rsqrt(), Uniform(Shape, 2, 0.3, 3));
    [Fact] public void Abs() => Grad(x => x[0].Abs(), AwayFromZero(Shape, 3));
    [Fact] public void Sin() => Grad(x => x[0].Sin(), Uniform(Shape, 4, -4, 4));
    [Fact] public void Cos() => Grad(x => x[0].Cos(), Uniform(Shape, 5, -4, 4));
    [Fact] public void Sigmoid() => Grad(x => x[0].Sigmoid(), Uniform(Shape, 6, -5, 5));
    [Fact] public void Relu() => Grad(x => x[0].Relu(), AwayFromZero(Shape, 7));
    [Fact] public void LeakyRelu() => Grad(x => x[0].LeakyRelu(0.1), AwayFromZero(Shape, 8));
    [Fact] public void Clamp() => Grad(x => x[0].Clamp(-0.5, 0.7), AwayFromZero(Shape, 9));
    [Fact] public void ClampMinOnly() => Grad(x => x[0].Clamp(min: 0.1), AwayFromZero(Shape, 10));
    [Fact] public void ClampMaxOnly() => Grad(x => x[0].Clamp(max: -0.1), AwayFromZero(Shape, 11));
    [Fact] public void PowScalarExponent() => Grad(x => x[0].Pow(3), Uniform(Shape, 12));
    [Fact] public void PowFractionalExponent() => Grad(x => x[0].Pow(-1.5), Uniform(Shape, 13, 0.3, 3));
    [Fact] public void PowZeroExponent() => Grad(x => x[0].Pow(0), Uniform(Shape, 14));
    [Fact] public void PowScalarBase() => Grad(x => Tensor.Pow(1.7, x[0]), Uniform(Shape, 15));
    [Fact] public void PowTensorTensor() => Grad(x => x[0].Pow(x[1]), Uniform(Shape, 16, 0.3, 3), Uniform(Shape, 17));
    [Fact] public void PowTensorTensorBroadcast() => Grad(x => Tensor.Pow(x[0], x[1]), Uniform([2, 1, 3], 18, 0.3, 3), Uniform([4, 1], 19));
    [Fact] public void Exp() => Grad(x => x[0].Exp(), Uniform(Shape, 20));
    [Fact] public void Log() => Grad(x => x[0].Log(), Uniform(Shape, 21, 0.3, 3));
    [Fact] public void Tanh() => Grad(x => x[0].Tanh(), Uniform(Shape, 22));
    [Fact] public void Neg() => Grad(x => -x[0], Uniform(Shape, 23));
    [Fact] public void Erf() => Grad(x => Tensor.Erf(x[0]), Uniform(Shape, 24, -2.5, 2.5));
    [Fact] public void LogSigmoid() => Grad(x => Tensor.LogSigmoid(x[0]), Uniform(Shape, 25, -6, 6));
    [Fact] public void Softplus() => Grad(x => Tensor.Softplus(x[0], 2, 3), Uniform(Shape, 26, -1.2, 1.2));
    [Fact] public void SoftplusAboveThreshold() => Grad(x => Tensor.Softplus(x[0], 2, 3), Uniform(Shape, 27, 2, 3));

    [Fact] public void SinSecondDerivative() => SecondGrad(Tensor.Sin, Uniform(Shape, 30, -3, 3));
    [Fact] public void CosSecondDerivative() => SecondGrad(Tensor.Cos, Uniform(Shape, 31, -3, 3));
    [Fact] public void SigmoidSecondDerivative() => SecondGrad(Tensor.Sigmoid, Uniform(Shape, 32));
    [Fact] public void ErfSecondDerivative() => SecondGrad(Tensor.Erf, Uniform(Shape, 41, -2, 2));
    [Fact] public void LogSigmoidSecondDerivative() => SecondGrad(Tensor.LogSigmoid, Uniform(Shape, 42, -4, 4));
    [Fact] public void SoftplusSecondDerivative() => SecondGrad(x => Tensor.Softplus(x, 2, 3), Uniform(Shape, 43, -1.2, 1.2));
    [Fact] public void SqrtSecondDerivative() => SecondGrad(Tensor.Sqrt, Uniform(Shape, 33, 0.3, 3));
    [Fact] public void RsqrtSecondDerivative() => SecondGrad(Tensor.Rsqrt, Uniform(Shape, 34, 0.3, 3));
    [Fact] public void PowSecondDerivative() => SecondGrad(x => x.Pow(3), Uniform(Shape, 35));
    [Fact] public void PowTensorSecondDerivative() => SecondGrad(x => x.Pow(x), Uniform(Shape, 36, 0.3, 3));
    [Fact] public void AbsSecondDerivative() => SecondGrad(x => x.Abs() * x, AwayFromZero(Shape, 37));
    [Fact] public void ClampSecondDerivative() => SecondGrad(x => x.Clamp(-0.5, 0.7) * x, AwayFromZero(Shape, 39));
    [Fact] public void ReluSecondDerivative() => SecondGrad(x => x.Relu() * x.Sin(), AwayFromZero(Shape, 40));
    [Fact] public void LeakyReluSecondDerivative() => SecondGrad(x => x.LeakyRelu(0.1) * x, AwayFromZero(Shape, 38));

    [Fact]
    public void SinSecondDerivativeIsMinusSin()
    {
        var x = Leaf([0.3, 1.1, -2.0], 3);
        var dy = AutoDiffGen.Autograd.Grad(x.Sin().Sum(), [x], createGraph: true)[0]!;
        var d2 = AutoDiffGen.Autograd.Grad(dy.Sum(), [x])[0]!;
        Close([-Math.Sin(0.3), -Math.Sin(1.1), -Math.Sin(-2.0)], d2.ToArray<double>());
    }

    [Fact]
    public void ReluGradientIsZeroAtZeroAndAbsSubgradientIsZeroAtZero()
    {
        var x = Leaf([-1, 0, 2], 3);
        x.Relu().Sum().Backward();
        Assert.Equal(new double[] { 0, 0, 1 }, x.Grad!.ToArray<double>());
        var y = Leaf([-1, 0, 2], 3);
        y.Abs().Sum().Backward();
        Assert.Equal(new double[] { -1, 0, 1 }, y.Grad!.ToArray<double>());
    }

    [Fact]
    public void ClampGradientPassesOnTheBoundsAsPyTorch()
    {
        var x = Leaf([-2, -1, 0, 1, 2], 5);
        x.Clamp(-1, 1).Sum().Backward();
        Assert.Equal(new double[] { 0, 1, 1, 1, 0 }, x.Grad!.ToArray<double>());
    }

    [Fact]
    public void PowGradientsAtZeroBaseAreFiniteAsPyTorch()
    {
        // d/dx x^0 = 0 everywhere (not 0 · 0^-1), and d/de 0^e = 0 for e ≥ 0 (not 0 · ln 0).
        var x = Leaf([0.0, 0.0, 2.0], 3);
        var e = Leaf([0.0, 2.0, 3.0], 3);
        x.Pow(e).Sum().Backward();
        Assert.Equal(new[] { 0.0, 0.0, 3 * 4.0 }, x.Grad!.ToArray<double>());
        Close([0.0, 0.0, 8 * Math.Log(2)], e.Grad!.ToArray<double>());

        var z = Leaf([0.0, 1.0], 2);
        z.Pow(0).Sum().Backward();
        Assert.Equal(new[] { 0.0, 0.0 }, z.Grad!.ToArray<double>());
    }

    [Fact]
    public void SigmoidGradientMatchesClosedForm()
    {
        var x = Leaf([-1.0, 0.0, 3.0], 3);
        x.Sigmoid().Sum().Backward();
        var s = new[] { -1.0, 0.0, 3.0 }.Select(v => 1 / (1 + Math.Exp(-v)));
        Close(s.Select(v => v * (1 - v)).ToArray(), x.Grad!.ToArray<double>());
    }

    [Fact]
    public void Float32GradientsHaveFloat32Type()
    {
        var x = Tensor.FromArray(new float[] { 0.5f, 2f }).RequiresGrad_();
        (x.Sqrt() + x.Sigmoid() + x.Pow(2)).Sum().Backward();
        Assert.Equal(DType.Float32, x.Grad!.DType);
        var expected = new[] { 0.5, 2.0 }.Select(v => 0.5 / Math.Sqrt(v) + Math.Exp(-v) / Math.Pow(1 + Math.Exp(-v), 2) + 2 * v).ToArray();
        Close(expected, x.Grad.ToArray<float>().Select(v => (double)v).ToArray(), 1e-6);
    }
}
