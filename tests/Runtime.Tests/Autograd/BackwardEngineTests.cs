namespace AutoDiffGen.Tests.Autograd;

using Autograd = global::AutoDiffGen.Autograd;

public class BackwardEngineTests
{
    private static Tensor Leaf(params double[] values) => Tensor.FromArray(values).RequiresGrad_();

    [Fact]
    public void BackwardOnANonScalarWithoutGradientSaysWhatToDo()
    {
        var y = Leaf(1, 2, 3) * 2.0;
        var e = Assert.Throws<InvalidOperationException>(() => y.Backward());
        Assert.Contains("implicitly created only for scalar outputs", e.Message);
        Assert.Contains("[3]", e.Message);
    }

    [Fact]
    public void ExplicitGradientWeightsTheVectorJacobianProduct()
    {
        var x = Leaf(1, 2, 3);
        (x * x).Backward(Tensor.FromArray(new double[] { 1, 0.5, -2 }));
        Assert.Equal(new double[] { 2 * 1 * 1, 2 * 2 * 0.5, 2 * 3 * -2 }, x.Grad!.ToArray<double>());
    }

    [Fact]
    public void GradientOfTheWrongShapeIsRejected()
    {
        var y = Leaf(1, 2, 3) * 2.0;
        var e = Assert.Throws<ArgumentException>(() => y.Backward(Tensor.Ones(new Shape(2), DType.Float64)));
        Assert.Contains("shape [2]", e.Message);
        Assert.Contains("shape [3]", e.Message);
    }

    [Fact]
    public void BackwardWithoutAGraphIsAClearError()
    {
        var e = Assert.Throws<InvalidOperationException>(() => Tensor.FromArray(new double[] { 1 }).Sum().Backward());
        Assert.Contains("does not require grad", e.Message);
    }

    [Fact]
    public void HundredThousandOpChainDoesNotOverflowASmallStack()
    {
        const int Steps = 100_000;
        Exception? failure = null;
        double gradient = 0;
        double value = 0;

        // A 256 KiB stack: a recursive walk would need far more than that for 100 000 nested nodes.
        var thread = new Thread(
            () =>
            {
                try
                {
                    var x = Tensor.Scalar(0.5).RequiresGrad_();
                    var y = x;
                    for (var i = 0; i < Steps; i++)
                    {
                        y = y + x;
                    }

                    y.Backward();
                    value = y.Item<double>();
                    gradient = x.Grad!.Item<double>();
                }
                catch (Exception e)
                {
                    failure = e;
                }
            },
            256 * 1024);
        thread.Start();
        thread.Join();
        Assert.Null(failure);
        Assert.Equal((Steps + 1) * 0.5, value);
        Assert.Equal(Steps + 1, gradient);
    }

    [Fact]
    public async Task DiamondLadderIsLinearAndExact()
    {
        // y = x + x, repeated: 2^60 paths from output to input; a walk that follows paths would never finish.
        const int Depth = 60;
        var task = Task.Run(() =>
        {
            var x = Tensor.Scalar(1.0).RequiresGrad_();
            var y = x;
            for (var i = 0; i < Depth; i++)
            {
                y = y + y;
            }

            y.Backward();
            return (Value: y.Item<double>(), Grad: x.Grad!.Item<double>());
        });
        var (value, grad) = await task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(Math.ScaleB(1.0, Depth), value);
        Assert.Equal(Math.ScaleB(1.0, Depth), grad);
    }

    [Fact]
    public void EachNodeRunsOnceWhateverItsFanOut()
    {
        var calls = 0;
        var x = Tensor.Scalar(0.3).RequiresGrad_();
        var counted = global::AutoDiffGen.Autograd.Record("Counted", x.Detach(), [x], (node, grad, grads) =>
        {
            calls++;
            grads[0] = grad;
        });
        var z = counted * counted + counted + Tensor.Exp(counted) * counted;
        z.Backward();
        Assert.Equal(1, calls);
        Assert.Equal(2 * 0.3 + 1 + Math.Exp(0.3) * (1 + 0.3), x.Grad!.Item<double>(), 12);
    }

    [Fact]
    public void LeafGradientsAccumulateUntilCleared()
    {
        var x = Leaf(1, 2);
        (x * 3.0).Sum().Backward();
        (x * 3.0).Sum().Backward();
        Assert.Equal(new double[] { 6, 6 }, x.Grad!.ToArray<double>());
        x.Grad = null;
        (x * 3.0).Sum().Backward();
        Assert.Equal(new double[] { 3, 3 }, x.Grad!.ToArray<double>());
    }

    [Fact]
    public void RetainGradKeepsANonLeafGradientOthersStayNull()
    {
        var x = Leaf(1, 2);
        var h = x * 2.0;
        var k = h + 1.0;
        h.RetainGrad();
        (k * k).Sum().Backward();
        Assert.Equal(new double[] { 2 * 3, 2 * 5 }, h.Grad!.ToArray<double>());
        Assert.Null(k.Grad);
        Assert.Equal(new double[] { 2 * 3 * 2, 2 * 5 * 2 }, x.Grad!.ToArray<double>());
        Assert.Throws<InvalidOperationException>(() => Tensor.FromArray(new double[] { 1 }).RetainGrad());
    }

    [Fact]
    public void GraphIsFreedAfterBackwardUnlessRetained()
    {
        var x = Leaf(1, 2);
        var y = (x * x).Sum();
        y.Backward();
        var e = Assert.Throws<InvalidOperationException>(() => y.Backward());
        Assert.Contains("retainGraph", e.Message);
        Assert.True(y.GradFn!.IsFreed);

        var x2 = Leaf(1, 2);
        var y2 = (x2 * x2).Sum();
        y2.Backward(retainGraph: true);
        Assert.False(y2.GradFn!.IsFreed);
        y2.Backward();
        Assert.Equal(new double[] { 2 * 2, 2 * 4 }, x2.Grad!.ToArray<double>());
    }

    [Fact]
    public void GradReturnsGradientsWithoutTouchingGrad()
    {
        var a = Leaf(1, 2);
        var b = Leaf(3, 4);
        var grads = Autograd.Grad((a * b).Sum(), [b, a]);
        Assert.Equal(new double[] { 1, 2 }, grads[0]!.ToArray<double>());
        Assert.Equal(new double[] { 3, 4 }, grads[1]!.ToArray<double>());
        Assert.Null(a.Grad);
        Assert.Null(b.Grad);
    }

    [Fact]
    public void ANodeWhoseResultIsItsInputUnchangedGetsATensorOfItsOwn()
    {
        // A generated node for a loop that ran zero times returns its initial value itself.
        var x = Tensor.FromArray(new[] { 1.0, 2.0 }).RequiresGrad_();
        var y = Tensor.FromArray(new[] { 3.0, 4.0 }).RequiresGrad_();
        var same = global::AutoDiffGen.Autograd.Record("Identity", x, x, (node, grad, grads) => grads[0] = grad * 2.0);
        var pair = global::AutoDiffGen.Autograd.Record("First", y, y, x, (node, grad, grads) => grads[0] = grad * 3.0);
        var many = global::AutoDiffGen.Autograd.Record("Many", x, [y, x], (node, grad, grads) => grads[1] = grad * 5.0);

        Assert.NotSame(x, same);
        Assert.True(x.IsLeaf);
        Assert.Same(x.Storage, same.Storage);
        (same.Sum() + pair.Sum() + many.Sum()).Backward();
        Assert.Equal(new double[] { 7, 7 }, x.Grad!.ToArray<double>());
        Assert.Equal(new double[] { 3, 3 }, y.Grad!.ToArray<double>());
    }
}
