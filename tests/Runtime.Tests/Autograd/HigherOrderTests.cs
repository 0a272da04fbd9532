namespace AutoDiffGen.Tests.Autograd;

using Autograd = global::AutoDiffGen.Autograd;

public class HigherOrderTests
{
    [Fact]
    public void SecondDerivativeOfSinIsMinusSin()
    {
        var values = new[] { -2.0, -0.3, 0, 1, 2.5 };
        var x = Tensor.FromArray(values).RequiresGrad_();
        var dx = Autograd.Grad(Tensor.Sin(x).Sum(), [x], createGraph: true)[0]!;
        // TensorPrimitives' vectorised sin/cos may differ from Math's in the last bit.
        AssertClose(values.Select(Math.Cos), dx.ToArray<double>());
        var d2x = Autograd.Grad(dx.Sum(), [x], createGraph: true)[0]!;
        AssertClose(values.Select(v => -Math.Sin(v)), d2x.ToArray<double>());
        var d3x = Autograd.Grad(d2x.Sum(), [x])[0]!;
        AssertClose(values.Select(v => -Math.Cos(v)), d3x.ToArray<double>());
    }

    private static void AssertClose(IEnumerable<double> expected, double[] actual)
    {
        var e = expected.ToArray();
        Assert.Equal(e.Length, actual.Length);
        for (var i = 0; i < e.Length; i++)
        {
            Assert.Equal(e[i], actual[i], 1e-15);
        }
    }

    [Fact]
    public void SecondDerivativeOfACubeThroughGrad()
    {
        var x = Tensor.FromArray(new double[] { -1.5, 0.5, 2 }).RequiresGrad_();
        var y = (x * x * x).Sum();
        var dx = Autograd.Grad(y, [x], createGraph: true)[0]!;
        Assert.Equal(new[] { 3 * 2.25, 3 * 0.25, 3 * 4.0 }, dx.ToArray<double>());
        Assert.True(dx.RequiresGrad);
        var d2x = Autograd.Grad(dx.Sum(), [x])[0]!;
        Assert.Equal(new[] { 6 * -1.5, 6 * 0.5, 6 * 2.0 }, d2x.ToArray<double>());
    }

    [Fact]
    public void SecondDerivativeThroughBackwardWithCreateGraph()
    {
        var x = Tensor.Scalar(2.0).RequiresGrad_();
        var y = x * x * x * x;
        y.Backward(createGraph: true);
        var dx = x.Grad!;
        Assert.Equal(4 * 8.0, dx.Item<double>());
        x.Grad = null;
        dx.Backward(createGraph: true);
        var d2x = x.Grad!;
        Assert.Equal(12 * 4.0, d2x.Item<double>());
        x.Grad = null;
        d2x.Backward();
        Assert.Equal(24 * 2.0, x.Grad!.Item<double>());
    }

    [Fact]
    public void NewtonsMethodMinimisesAQuartic()
    {
        // DeZero step 33: f(x) = x⁴ − 2x², x ← x − f'(x) / f''(x) from x = 2 converges to the minimum at 1.
        var x = Tensor.Scalar(2.0).RequiresGrad_();
        var history = new List<double>();
        for (var i = 0; i < 10; i++)
        {
            var y = x * x * x * x - 2.0 * x * x;
            var gx = Autograd.Grad(y, [x], createGraph: true)[0]!;
            var gx2 = Autograd.Grad(gx, [x])[0]!;
            x = (x - gx / gx2).Detach().RequiresGrad_();
            history.Add(x.Item<double>());
        }

        // First step by hand: f'(2) = 4·8 − 4·2 = 24, f''(2) = 12·4 − 4 = 44.
        Assert.Equal(2 - 24.0 / 44.0, history[0], 15);
        Assert.True(history[1] < history[0] && history[1] > 1);
        Assert.Equal(1.0, history[^1], 15);
    }

    [Fact]
    public void GradOfGradThroughBroadcastAndReduction()
    {
        // f(x) = sum((x + b)²) with b broadcast: df/dx = 2 (x + b) summed over the broadcast rows; d/dx of sum(df/dx) = 2 · rows.
        var x = Tensor.FromArray(new double[] { 1, 2 }).RequiresGrad_();
        var b = Tensor.FromArray(new double[] { 0, 1, 2, 3, 4, 5 }, 3, 2);
        var s = x + b;
        var dx = Autograd.Grad((s * s).Sum(), [x], createGraph: true)[0]!;
        Assert.Equal(new[] { 2.0 * (3 + 6), 2.0 * (6 + 9) }, dx.ToArray<double>());
        var d2x = Autograd.Grad(dx.Sum(), [x])[0]!;
        Assert.Equal(new[] { 6.0, 6.0 }, d2x.ToArray<double>());
    }
}
