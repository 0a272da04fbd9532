namespace AutoDiffGen.Tests.Memory;

[Collection(nameof(TensorPoolCollection))]
public class TensorScopeTests
{
    [Fact]
    public void TensorsCreatedInScopeAreDisposedWithIt()
    {
        var a = Tensor.Ones(100, 100);
        Tensor inside;
        using (TensorScope.Begin())
        {
            inside = a * 2.0;
            Assert.Equal(2f, inside.ToArray<float>()[0]);
        }

        Assert.True(inside.IsDisposed);
        Assert.False(a.IsDisposed);
        var error = Assert.Throws<ObjectDisposedException>(() => inside.ToArray<float>());
        Assert.Contains("Keep", error.Message);
    }

    [Fact]
    public void KeptTensorsSurviveTheScope()
    {
        var a = Tensor.Ones(100, 100);
        Tensor kept;
        using (var scope = TensorScope.Begin())
        {
            kept = scope.Keep(a + 1.0);
        }

        Assert.False(kept.IsDisposed);
        Assert.All(kept.ToArray<float>(), v => Assert.Equal(2f, v));
    }

    [Fact]
    public void StorageIsRecycledBetweenScopes()
    {
        var a = Tensor.Ones(64, 64);
        Array first;
        using (TensorScope.Begin())
        {
            first = (a * 3.0).Storage;
        }

        using (TensorScope.Begin())
        {
            var second = a * 5.0;
            Assert.Same(first, second.Storage);
            Assert.All(second.ToArray<float>(), v => Assert.Equal(5f, v));
        }
    }

    [Fact]
    public void LeafGradientsOutliveTheScopeAndAccumulateInPlace()
    {
        var w = Tensor.Ones(32, 32).RequiresGrad_();
        for (var step = 1; step <= 3; step++)
        {
            using (TensorScope.Begin())
            {
                (w * 2.0).Sum().Backward();
            }

            Assert.False(w.Grad!.IsDisposed);
            Assert.All(w.Grad.ToArray<float>(), v => Assert.Equal(2f * step, v));
        }
    }

    [Fact]
    public void SharedGradientIsNotAliasedBetweenLeaves()
    {
        // Add passes one gradient tensor to both inputs; accumulating into one leaf must not change the other.
        var a = Tensor.Zeros(4).RequiresGrad_();
        var b = Tensor.Zeros(4).RequiresGrad_();
        (a + b).Sum().Backward();
        a.Sum().Backward();
        Assert.Equal(new float[] { 2, 2, 2, 2 }, a.Grad!.ToArray<float>());
        Assert.Equal(new float[] { 1, 1, 1, 1 }, b.Grad!.ToArray<float>());
    }

    [Fact]
    public void OptimizerStateCreatedInsideAScopeOutlivesIt()
    {
        var w = Tensor.Ones(16, 16).RequiresGrad_();
        var optimizer = new AutoDiffGen.Optim.SGD([w], lr: 0.1, momentum: 0.9);
        for (var step = 0; step < 3; step++)
        {
            using (TensorScope.Begin())
            {
                optimizer.ZeroGrad(setToNone: false);
                (w * w).Sum().Backward();
                optimizer.Step();
            }
        }

        // w' = 2w each step; momentum buffers: b1 = g1, b2 = 0.9 b1 + g2, ...; all elements stay equal.
        double weight = 1, buffer = 0;
        for (var step = 0; step < 3; step++)
        {
            var grad = 2 * weight;
            buffer = step == 0 ? grad : 0.9 * buffer + grad;
            weight -= 0.1 * buffer;
        }

        Assert.All(w.ToArray<float>(), v => Assert.Equal(weight, v, 5));
    }

    [Fact]
    public void ZeroGradWithoutSetToNoneReusesTheGradientBuffer()
    {
        var w = Tensor.Ones(8).RequiresGrad_();
        (w * 3.0).Sum().Backward();
        var buffer = w.Grad!;
        w.ClearGrad(setToNone: false);
        Assert.Same(buffer, w.Grad);
        Assert.All(buffer.ToArray<float>(), v => Assert.Equal(0f, v));
        (w * 5.0).Sum().Backward();
        Assert.Same(buffer, w.Grad);
        Assert.All(buffer.ToArray<float>(), v => Assert.Equal(5f, v));
    }

    [Fact]
    public void ZeroGradDefersTheFillUntilTheNextBackwardOverwritesTheBuffer()
    {
        var w = Tensor.Ones(8).RequiresGrad_();
        (w * 3.0).Sum().Backward();
        var buffer = w.RawGrad!;
        w.ClearGrad(setToNone: false);

        // Logically zero, physically untouched: the next backward writes the buffer once instead of zeroing and adding.
        Assert.True(w.GradIsStale);
        Assert.All(buffer.ToArray<float>(), v => Assert.Equal(3f, v));
        w.ClearGrad(setToNone: false);
        (w * 5.0).Sum().Backward();
        Assert.False(w.GradIsStale);
        Assert.Same(buffer, w.Grad);
        Assert.All(w.Grad!.ToArray<float>(), v => Assert.Equal(5f, v));

        // Accumulation resumes after the overwrite.
        (w * 2.0).Sum().Backward();
        Assert.All(w.Grad!.ToArray<float>(), v => Assert.Equal(7f, v));
    }

    [Fact]
    public void AGradientReadAfterZeroGradIsZeroEvenWhenNoBackwardReachedIt()
    {
        var used = Tensor.Ones(4).RequiresGrad_();
        var unused = Tensor.Ones(4).RequiresGrad_();
        ((used + unused) * 2.0).Sum().Backward();
        var optimizer = new AutoDiffGen.Optim.SGD([used, unused], lr: 0.1, weightDecay: 0.5);
        optimizer.ZeroGrad(setToNone: false);
        (used * 4.0).Sum().Backward();

        // The optimizer reads both gradients: the untouched one must be zeros (PyTorch's zero_grad(set_to_none=False)).
        Assert.All(unused.Grad!.ToArray<float>(), v => Assert.Equal(0f, v));
        optimizer.Step();
        Assert.All(used.ToArray<float>(), v => Assert.Equal(1f - (0.1f * (4f + 0.5f)), v, 6));
        Assert.All(unused.ToArray<float>(), v => Assert.Equal(1f - (0.1f * 0.5f), v, 6));
    }
    [Fact]
    public void ZeroGradToNoneReusesAnUnseenBufferForTheNextBackward()
    {
        var w = Tensor.Ones(8).RequiresGrad_();
        var optimizer = new AutoDiffGen.Optim.SGD([w], lr: 0.1);
        (w * 3.0).Sum().Backward();
        var buffer = w.RawGrad!;

        // Only the library read it (the optimizer's step), so after ZeroGrad() the next backward writes into it.
        optimizer.Step();
        optimizer.ZeroGrad();
        Assert.Null(w.Grad);
        optimizer.Step(); // no gradient: nothing moves
        Assert.All(w.ToArray<float>(), v => Assert.Equal(1f - 0.3f, v, 6));
        (w * 5.0).Sum().Backward();
        Assert.Same(buffer, w.RawGrad);
        Assert.All(w.Grad!.ToArray<float>(), v => Assert.Equal(5f, v));

        // Accumulation without a ZeroGrad in between still adds.
        (w * 2.0).Sum().Backward();
        Assert.All(w.Grad!.ToArray<float>(), v => Assert.Equal(7f, v));
    }

    [Fact]
    public void ZeroGradToNoneNeverWritesIntoAGradientTheCallerHolds()
    {
        var w = Tensor.Ones(8).RequiresGrad_();
        (w * 3.0).Sum().Backward();
        var held = w.Grad!;
        w.ClearGrad(setToNone: true);
        Assert.Null(w.Grad);
        (w * 5.0).Sum().Backward();

        // PyTorch's set_to_none: the old tensor is released to whoever holds it, unchanged; the new gradient is a new tensor.
        Assert.NotSame(held, w.Grad);
        Assert.All(held.ToArray<float>(), v => Assert.Equal(3f, v));
        Assert.All(w.Grad!.ToArray<float>(), v => Assert.Equal(5f, v));

        // The same after the gradient was seen once and then cleared twice.
        w.ClearGrad(setToNone: true);
        w.ClearGrad(setToNone: true);
        (w * 2.0).Sum().Backward();
        Assert.All(held.ToArray<float>(), v => Assert.Equal(3f, v));
        Assert.All(w.Grad!.ToArray<float>(), v => Assert.Equal(2f, v));
    }

    [Fact]
    public void AGradientTheCallerSetIsNeverReusedByTheEngine()
    {
        var w = Tensor.Ones(4).RequiresGrad_();
        (w * 3.0).Sum().Backward();
        var mine = Tensor.Full(new Shape(4), 10f);
        w.Grad = mine;
        w.ClearGrad(setToNone: true);
        (w * 5.0).Sum().Backward();
        Assert.All(mine.ToArray<float>(), v => Assert.Equal(10f, v));
        Assert.All(w.Grad!.ToArray<float>(), v => Assert.Equal(5f, v));
    }
}
