namespace AutoDiffGen.Tests.Autograd;

public class PostAccumulateGradHookTests
{
    [Fact]
    public void HookSeesTheFinalGradientOfALeafUsedTwice()
    {
        // y = x*x + 3x: two consumers add into x.Grad; the hook must run once, after both, seeing 2x + 3.
        var x = Tensor.FromArray(new double[] { 1, 2 }).RequiresGrad_();
        var seen = new List<double[]>();
        x.RegisterPostAccumulateGradHook(t => seen.Add(t.Grad!.ToArray<double>()));

        ((x * x) + (x * 3.0)).Sum().Backward();

        Assert.Single(seen);
        Assert.Equal(new double[] { 5, 7 }, seen[0]);
    }

    [Fact]
    public void HooksRunInTheOrderTheBackwardFinishesTheLeaves()
    {
        // out = w2 · relu(w1 · x): w2's gradient is final before the backward reaches w1.
        var w1 = Tensor.FromArray(new double[] { 0.5, -1, 2, 1 }, 2, 2).RequiresGrad_();
        var w2 = Tensor.FromArray(new double[] { 1, 2 }, 1, 2).RequiresGrad_();
        var x = Tensor.FromArray(new double[] { 1, 1 }, 2, 1);
        var order = new List<string>();
        w1.RegisterPostAccumulateGradHook(_ => order.Add("w1"));
        w2.RegisterPostAccumulateGradHook(_ => order.Add("w2"));

        w2.MatMul(AutoDiffGen.Nn.Functional.Relu(w1.MatMul(x))).Sum().Backward();

        Assert.Equal(["w2", "w1"], order);
    }

    [Fact]
    public void HookRunsOnEveryBackwardAndStopsWhenRemoved()
    {
        var x = Tensor.FromArray(new double[] { 1 }).RequiresGrad_();
        var calls = 0;
        var handle = x.RegisterPostAccumulateGradHook(_ => calls++);

        (x * 2.0).Sum().Backward();
        (x * 2.0).Sum().Backward();
        handle.Dispose();
        (x * 2.0).Sum().Backward();

        Assert.Equal(2, calls);
        Assert.Equal(new double[] { 6 }, x.Grad!.ToArray<double>());
    }

    [Fact]
    public void HookDoesNotRunForAutogradGradNorForLeavesWithoutAGradient()
    {
        var x = Tensor.FromArray(new double[] { 1 }).RequiresGrad_();
        var unused = Tensor.FromArray(new double[] { 1 }).RequiresGrad_();
        var calls = 0;
        x.RegisterPostAccumulateGradHook(_ => calls++);
        unused.RegisterPostAccumulateGradHook(_ => calls += 100);

        _ = AutoDiffGen.Autograd.Grad((x * 2.0).Sum(), [x]);
        (x * 2.0).Sum().Backward();

        Assert.Equal(1, calls);
    }

    [Fact]
    public void HookOnANonLeafIsRejected()
    {
        var x = Tensor.FromArray(new double[] { 1 }).RequiresGrad_();
        var y = x * 2.0;

        var e = Assert.Throws<InvalidOperationException>(() => y.RegisterPostAccumulateGradHook(_ => { }));
        Assert.Contains("leaf", e.Message, StringComparison.Ordinal);
    }
}
