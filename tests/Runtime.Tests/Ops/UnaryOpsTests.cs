using static AutoDiffGen.Tests.Ops.OpAssert;

namespace AutoDiffGen.Tests.Ops;

/// <summary>Forward values of the unary elementwise ops against <see cref="Math"/>, one line per op (tinygrad's style).</summary>
public class UnaryOpsTests
{
    private static readonly double[] Positive = [0.01, 0.25, 0.5, 1, 2, 9, 100, 1e4];
    private static readonly double[] Mixed = [-7.5, -2, -1, -0.25, 0, 0.3, 1, 2.5, 4, 30];

    [Fact] public void Sqrt() => Unary(Tensor.Sqrt, Math.Sqrt, Positive);
    [Fact] public void Rsqrt() => Unary(Tensor.Rsqrt, v => 1 / Math.Sqrt(v), Positive);
    [Fact] public void Abs() => Unary(Tensor.Abs, Math.Abs, Mixed);
    [Fact] public void Sin() => Unary(Tensor.Sin, Math.Sin, Mixed);
    [Fact] public void Cos() => Unary(Tensor.Cos, Math.Cos, Mixed);
    [Fact] public void Sigmoid() => Unary(Tensor.Sigmoid, v => 1 / (1 + Math.Exp(-v)), Mixed);
    [Fact] public void Relu() => Unary(Tensor.Relu, v => Math.Max(v, 0), Mixed);
    [Fact] public void LeakyReluDefaultSlope() => Unary(x => Tensor.LeakyRelu(x), v => v > 0 ? v : 0.01 * v, Mixed);
    [Fact] public void LeakyReluCustomSlope() => Unary(x => x.LeakyRelu(0.2), v => v > 0 ? v : 0.2 * v, Mixed);
    [Fact] public void Exp() => Unary(Tensor.Exp, Math.Exp, Mixed);
    [Fact] public void Log() => Unary(Tensor.Log, Math.Log, Positive);
    [Fact] public void Tanh() => Unary(Tensor.Tanh, Math.Tanh, Mixed);
    [Fact] public void Neg() => Unary(Tensor.Neg, v => -v, Mixed);
    [Fact] public void PowScalar() => Unary(x => x.Pow(3), v => v * v * v, Mixed);
    [Fact] public void PowSquare() => Unary(x => x.Pow(2), v => v * v, Mixed);
    [Fact] public void PowFractional() => Unary(x => x.Pow(1.5), v => Math.Pow(v, 1.5), Positive);
    [Fact] public void PowScalarBase() => Unary(x => Tensor.Pow(2.0, x), v => Math.Pow(2, v), Mixed);
    [Fact] public void Clamp() => Unary(x => x.Clamp(-1, 2.5), v => Math.Min(Math.Max(v, -1), 2.5), Mixed);
    [Fact] public void ClampMinOnly() => Unary(x => x.Clamp(min: 0.3), v => Math.Max(v, 0.3), Mixed);
    [Fact] public void ClampMaxOnly() => Unary(x => x.Clamp(max: 0.3), v => Math.Min(v, 0.3), Mixed);
    [Fact] public void Sign() => Unary(Tensor.Sign, v => Math.Sign(v), Mixed);

    [Fact]
    public void InstanceMethodsMatchStatics()
    {
        var x = Tensor.FromArray(new[] { 0.5, 1.5, 2.5 });
        Assert.Equal(Tensor.Exp(x).ToArray<double>(), x.Exp().ToArray<double>());
        Assert.Equal(Tensor.Log(x).ToArray<double>(), x.Log().ToArray<double>());
        Assert.Equal(Tensor.Tanh(x).ToArray<double>(), x.Tanh().ToArray<double>());
        Assert.Equal(Tensor.Neg(x).ToArray<double>(), x.Neg().ToArray<double>());
        Assert.Equal(Tensor.Sqrt(x).ToArray<double>(), x.Sqrt().ToArray<double>());
        Assert.Equal(Tensor.Sigmoid(x).ToArray<double>(), x.Sigmoid().ToArray<double>());
        Assert.Equal(Tensor.Relu(x).ToArray<double>(), x.Relu().ToArray<double>());
        Assert.Equal(Tensor.Sin(x).ToArray<double>(), x.Sin().ToArray<double>());
        Assert.Equal(Tensor.Cos(x).ToArray<double>(), x.Cos().ToArray<double>());
        Assert.Equal(Tensor.Abs(x).ToArray<double>(), x.Abs().ToArray<double>());
        Assert.Equal(Tensor.Rsqrt(x).ToArray<double>(), x.Rsqrt().ToArray<double>());
        Assert.Equal((x + x).ToArray<double>(), x.Add(x).ToArray<double>());
        Assert.Equal((x - x).ToArray<double>(), x.Sub(x).ToArray<double>());
        Assert.Equal((x * x).ToArray<double>(), x.Mul(x).ToArray<double>());
        Assert.Equal((x / x).ToArray<double>(), x.Div(x).ToArray<double>());
    }

    [Fact]
    public void WorksOnNonContiguousViews()
    {
        var x = Tensor.FromArray(new double[] { 1, 4, 9, 16, 25, 36 }, 2, 3).T;
        Assert.False(x.IsContiguous);
        Assert.Equal(new double[] { 1, 4, 2, 5, 3, 6 }, x.Sqrt().ToArray<double>());
    }

    [Fact]
    public void SignIsZeroForZeroAndNaNAndNeverRequiresGrad()
    {
        var x = Leaf([double.NaN, -0.0, 0, -3, double.PositiveInfinity], 5);
        var s = x.Sign();
        Assert.Equal(new double[] { 0, 0, 0, -1, 1 }, s.ToArray<double>());
        Assert.False(s.RequiresGrad);
    }

    [Fact]
    public void UnaryOpsRejectIntegerTensorsNamingTheOp()
    {
        var ints = Tensor.FromArray(new long[] { 1, 2 });
        Throws<ArgumentException>(() => Tensor.Sqrt(ints), "Sqrt", "floating-point", "torch.int64", "[2]");
        Throws<ArgumentException>(() => ints.Relu(), "Relu", "torch.int64");
        Throws<ArgumentException>(() => ints.Pow(2), "Pow", "torch.int64");
        Throws<ArgumentException>(() => ints.Clamp(0, 1), "Clamp", "torch.int64");
    }

    [Fact]
    public void NaNPropagatesThroughReluClampAndLeakyRelu()
    {
        var x = Tensor.FromArray(new[] { double.NaN, -1.0 });
        Close([double.NaN, 0], Values(x.Relu()));
        Close([double.NaN, -0.01], Values(x.LeakyRelu()));
        Close([double.NaN, -0.5], Values(x.Clamp(-0.5, 0.5)));
    }

    [Fact]
    public void ClampWithMinAboveMaxGivesMaxAndNeedsABound()
    {
        Assert.Equal(new[] { 1.0, 1.0, 1.0 }, Tensor.FromArray(new[] { -5.0, 1.5, 9 }).Clamp(2, 1).ToArray<double>());
        Throws<ArgumentException>(() => Tensor.Zeros(2).Clamp(), "Clamp", "at least one of min or max");
    }

    [Fact]
    public void RsqrtOfZeroIsInfinityAndSqrtOfNegativeIsNaN()
    {
        Close([double.PositiveInfinity], Values(Tensor.Rsqrt(Tensor.FromArray(new[] { 0.0 }))));
        Close([double.NaN], Values(Tensor.Sqrt(Tensor.FromArray(new[] { -1.0 }))));
    }
}
