using static AutoDiffGen.Tests.Ops.OpAssert;

namespace AutoDiffGen.Tests.Ops;

/// <summary>Forward values and gradients of the broadcasting binary ops: add, sub, mul, div, pow, maximum, minimum.</summary>
public class BinaryOpsTests
{
    private static readonly double[] A = [1.5, -2, 3, 0.25, -4, 6];
    private static readonly double[] B = [2, 0.5, -3];

    /// <summary>a is [2, 3], b is [3] broadcast along the rows; reference computed element by element.</summary>
    private static void Broadcast(Func<Tensor, Tensor, Tensor> op, Func<double, double, double> reference)
    {
        var expected = A.Select((v, i) => reference(v, B[i % 3])).ToArray();
        Close(expected, op(Tensor.FromArray(A, 2, 3), Tensor.FromArray(B)).ToArray<double>());
        var f = op(Tensor.FromArray(A.Select(v => (float)v).ToArray(), 2, 3), Tensor.FromArray(B.Select(v => (float)v).ToArray()));
        Assert.Equal(DType.Float32, f.DType);
        Close(expected, f.ToArray<float>().Select(v => (double)v).ToArray(), 1e-6);
        var reversed = A.Select((v, i) => reference(B[i % 3], v)).ToArray();
        Close(reversed, op(Tensor.FromArray(B), Tensor.FromArray(A, 2, 3)).ToArray<double>());
    }

    [Fact] public void AddForward() => Broadcast(Tensor.Add, (a, b) => a + b);
    [Fact] public void SubForward() => Broadcast(Tensor.Sub, (a, b) => a - b);
    [Fact] public void MulForward() => Broadcast(Tensor.Mul, (a, b) => a * b);
    [Fact] public void DivForward() => Broadcast(Tensor.Div, (a, b) => a / b);
    [Fact] public void PowForward() => Broadcast((a, b) => Tensor.Pow(Tensor.Abs(a), b), (a, b) => Math.Pow(Math.Abs(a), b));
    [Fact] public void MaximumForward() => Broadcast(Tensor.Maximum, Math.Max);
    [Fact] public void MinimumForward() => Broadcast(Tensor.Minimum, Math.Min);

    [Fact] public void AddGrad() => Grad(x => x[0] + x[1], Uniform([2, 3], 1), Uniform([2, 3], 2));
    [Fact] public void AddGradBroadcast() => Grad(x => x[0] + x[1], Uniform([2, 1, 3], 3), Uniform([4, 1], 4));
    [Fact] public void AddScalarGrad() => Grad(x => 2.5 + x[0] + 1.0, Uniform([3], 5));
    [Fact] public void SubGrad() => Grad(x => x[0] - x[1], Uniform([2, 3], 6), Uniform([2, 3], 7));
    [Fact] public void SubGradBroadcast() => Grad(x => x[0] - x[1], Uniform([3], 8), Uniform([2, 2, 3], 9));
    [Fact] public void SubScalarGrad() => Grad(x => 1.0 - x[0] - 2.0, Uniform([3], 10));
    [Fact] public void MulGrad() => Grad(x => x[0] * x[1], Uniform([2, 3], 11), Uniform([2, 3], 12));
    [Fact] public void MulGradBroadcast() => Grad(x => x[0] * x[1], Uniform([2, 1, 3], 13), Uniform([4, 1], 14));
    [Fact] public void MulGradScalarTensor() => Grad(x => x[0] * x[1], Uniform([], 15), Uniform([2, 3], 16));
    [Fact] public void MulSameTensorGrad() => Grad(x => x[0] * x[0], Uniform([5], 17));
    [Fact] public void DivGrad() => Grad(x => x[0] / x[1], Uniform([2, 3], 18), AwayFromZero([2, 3], 19));
    [Fact] public void DivGradBroadcast() => Grad(x => x[0] / x[1], Uniform([3, 1], 20), AwayFromZero([1, 4], 21));
    [Fact] public void DivScalarGrad() => Grad(x => 3.0 / x[0] / 2.0, AwayFromZero([4], 22));
    [Fact] public void MaximumGrad() => Grad(x => Tensor.Maximum(x[0], x[1]), Uniform([3, 4], 23), Uniform([3, 4], 24));
    [Fact] public void MaximumGradBroadcast() => Grad(x => Tensor.Maximum(x[0], x[1]), Uniform([3, 1], 25), Uniform([4], 26));
    [Fact] public void MinimumGrad() => Grad(x => Tensor.Minimum(x[0], x[1]), Uniform([3, 4], 27), Uniform([3, 4], 28));
    [Fact] public void MinimumGradBroadcast() => Grad(x => x[0].Minimum(x[1]), Uniform([2, 1, 4], 29), Uniform([3, 1], 30));
    [Fact] public void MaximumScalarGrad() => Grad(x => Tensor.Maximum(x[0], 0.1), AwayFromZero([6], 31));
    [Fact] public void MulSecondDerivative() => SecondGrad(x => x * x * x, Uniform([4], 32));
    [Fact] public void MaximumSecondDerivative() => SecondGrad(x => Tensor.Maximum(x, x.Cos()) * x, Uniform([6], 34));
    [Fact] public void WhereSecondDerivative() => SecondGrad(x => Tensor.Where(x > 0, x * x, x.Exp()), AwayFromZero([6], 35));
    [Fact] public void DivSecondDerivative() => SecondGrad(x => 1.0 / x, AwayFromZero([4], 33));

    [Fact]
    public void MaximumAndMinimumSplitTheGradientEvenlyOnTies()
    {
        var a = Leaf([1, 2, 3], 3);
        var b = Leaf([1, 5, 0], 3);
        Tensor.Maximum(a, b).Sum().Backward();
        Assert.Equal(new[] { 0.5, 0, 1 }, a.Grad!.ToArray<double>());
        Assert.Equal(new[] { 0.5, 1, 0 }, b.Grad!.ToArray<double>());

        var c = Leaf([1, 2, 3], 3);
        var d = Leaf([1, 5, 0], 3);
        Tensor.Minimum(c, d).Sum().Backward();
        Assert.Equal(new[] { 0.5, 1, 0 }, c.Grad!.ToArray<double>());
        Assert.Equal(new[] { 0.5, 0, 1 }, d.Grad!.ToArray<double>());
    }

    [Fact]
    public void Float32GradientsThroughMaximumWhereAndPowStayFloat32()
    {
        var a = Tensor.FromArray(new float[] { 1, -2, 3 }).RequiresGrad_();
        var b = Tensor.FromArray(new float[] { 0.5f, 0.5f, 0.5f }).RequiresGrad_();
        (Tensor.Maximum(a, b) + Tensor.Where(a > 0, a, b) + b.Pow(a)).Sum().Backward();
        Assert.Equal(DType.Float32, a.Grad!.DType);
        Assert.Equal(DType.Float32, b.Grad!.DType);

        // d/da: [a > b] + [a > 0] + b^a ln b;  d/db: [b > a] + [a <= 0] + a b^(a−1).
        double[] av = [1, -2, 3];
        Close(av.Select(x => (x > 0.5 ? 1 : 0) + (x > 0 ? 1 : 0) + Math.Pow(0.5, x) * Math.Log(0.5)).ToArray(),
            a.Grad.ToArray<float>().Select(v => (double)v).ToArray(), 1e-6);
        Close(av.Select(x => (0.5 > x ? 1 : 0) + (x <= 0 ? 1 : 0) + x * Math.Pow(0.5, x - 1)).ToArray(),
            b.Grad.ToArray<float>().Select(v => (double)v).ToArray(), 1e-6);
    }

    [Fact]
    public void MaximumPropagatesNaN()
    {
        var r = Tensor.Maximum(Tensor.FromArray(new[] { double.NaN, 1 }), Tensor.FromArray(new[] { 0.0, double.NaN }));
        Assert.All(r.ToArray<double>(), v => Assert.True(double.IsNaN(v)));
    }

    [Fact]
    public void MixedFloatDTypesPromoteToFloat64()
    {
        var r = Tensor.FromArray(new float[] { 1, 2 }) * Tensor.FromArray(new double[] { 3, 4 });
        Assert.Equal(DType.Float64, r.DType);
        Assert.Equal(new double[] { 3, 8 }, r.ToArray<double>());
        Assert.Equal(DType.Float64, Tensor.Pow(Tensor.FromArray(new float[] { 2 }), Tensor.FromArray(new double[] { 3 })).DType);
    }

    [Fact]
    public void BroadcastingErrorNamesTheOpAndBothShapes()
    {
        var a = Tensor.Zeros(2, 3);
        var b = Tensor.Zeros(4);
        Throws<ArgumentException>(() => _ = a + b, "Add", "[2, 3]", "[4]");
        Throws<ArgumentException>(() => _ = a * b, "Mul", "[2, 3]", "[4]");
        Throws<ArgumentException>(() => Tensor.Pow(a, b), "Pow", "[2, 3]", "[4]");
        Throws<ArgumentException>(() => Tensor.Maximum(Tensor.Zeros(5, 1, 3), Tensor.Zeros(2, 4)), "Maximum", "[5, 1, 3]", "[2, 4]");
    }

    [Fact]
    public void BinaryOpsRejectNonFloatOperands()
    {
        var ints = Tensor.FromArray(new long[] { 1, 2 });
        Throws<ArgumentException>(() => Tensor.Maximum(ints, Tensor.Zeros(2)), "Maximum", "torch.int64");
        Throws<ArgumentException>(() => Tensor.Pow(Tensor.Zeros(2), ints), "Pow", "torch.int64");
        Throws<ArgumentException>(() => Tensor.Pow(2.0, ints), "Pow", "torch.int64");
    }
}
