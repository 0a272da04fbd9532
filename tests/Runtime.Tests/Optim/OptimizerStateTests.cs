using AutoDiffGen.Nn;
using AutoDiffGen.Optim;

namespace AutoDiffGen.Tests.Optim;

public class OptimizerStateTests
{
    private static Tensor Param(params double[] values) => Tensor.FromArray(values).RequiresGrad_();

    private static void SetGrad(Tensor p, params double[] values) => p.Grad = Tensor.FromArray(values);

    [Fact]
    public void EachGroupUsesItsOwnLearningRateAndDefaultsFillTheRest()
    {
        var a = Param(1, 2);
        var b = Param(3);
        var sgd = new SGD([new ParamGroup([a]), new ParamGroup([b]) { Lr = 0.5 }], lr: 0.1, momentum: 0.9);
        Assert.Equal(0.1, sgd.ParamGroups[0].Lr);
        Assert.Equal(0.5, sgd.ParamGroups[1].Lr);
        Assert.Equal(0.9, sgd.ParamGroups[1]["momentum"]);
        SetGrad(a, 1, 1);
        SetGrad(b, 1);
        sgd.Step();
        Assert.Equal(new[] { 1 - 0.1, 2 - 0.1 }, a.ToArray<double>());
        Assert.Equal(new[] { 3 - 0.5 }, b.ToArray<double>());
    }

    [Fact]
    public void ParametersWithoutGradientAreSkippedAndGetNoState()
    {
        var a = Param(1);
        var b = Param(2);
        var adam = new Adam([a, b]);
        SetGrad(a, 1);
        adam.Step();
        Assert.NotNull(adam.GetState(a));
        Assert.Null(adam.GetState(b));
        Assert.Equal(2.0, b.Item<double>());
    }

    [Fact]
    public void ZeroGradSetsGradientsToNull()
    {
        var a = Param(1);
        SetGrad(a, 1);
        new SGD([a]).ZeroGrad();
        Assert.Null(a.Grad);
    }

    [Fact]
    public void InvalidHyperparametersAndDuplicateParametersAreRejected()
    {
        var a = Param(1);
        Assert.Throws<ArgumentOutOfRangeException>(() => new SGD([a], lr: -1));
        Assert.Throws<ArgumentException>(() => new SGD([a], nesterov: true));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Adam([a], beta1: 1.0));
        Assert.Throws<ArgumentException>(() => new SGD([new ParamGroup([a]), new ParamGroup([a])]));
        Assert.Throws<ArgumentException>(() => new SGD([(a * 2)]));
    }

    [Fact]
    public void StateDictSpellsOutPyTorchStructure()
    {
        var a = Param(1, 2);
        var b = Param(3);
        var adam = new Adam([new ParamGroup([a]), new ParamGroup([b])], amsgrad: true);
        SetGrad(a, 0.5, -0.5);
        adam.Step();
        var state = adam.StateDict();
        Assert.Equal(1.0, state["state.0.step"].Item<double>());
        Assert.Equal(new Shape(2), state["state.0.exp_avg"].Shape);
        Assert.True(state.ContainsKey("state.0.exp_avg_sq"));
        Assert.True(state.ContainsKey("state.0.max_exp_avg_sq"));
        Assert.False(state.ContainsKey("state.1.step"));
        Assert.Equal(1e-3, state["param_groups.0.lr"].Item<double>());
        Assert.Equal(1.0, state["param_groups.1.amsgrad"].Item<double>());
        Assert.Equal(new long[] { 0 }, state["param_groups.0.params"].ToArray<long>());
        Assert.Equal(new long[] { 1 }, state["param_groups.1.params"].ToArray<long>());
        AssertClose(0.1 * 0.5, state["state.0.exp_avg"].ToArray<double>()[0]);
    }

    private static void AssertClose(double expected, double actual) => Tests.Nn.NnAssert.Close(expected, actual, 1e-15);

    [Theory]
    [InlineData("sgd")]
    [InlineData("adam")]
    [InlineData("adamw")]
    [InlineData("rmsprop")]
    [InlineData("adagrad")]
    public void LoadStateDictResumesExactly(string kind)
    {
        Optimizer Make(Tensor p) => kind switch
        {
            "sgd" => new SGD([p], 0.1, momentum: 0.9, nesterov: true),
            "adam" => new Adam([p], 0.1, amsgrad: true),
            "adamw" => new AdamW([p], 0.1),
            "rmsprop" => new RMSprop([p], 0.1, centered: true, momentum: 0.5),
            _ => new Adagrad([p], 0.1, lrDecay: 0.1),
        };

        static void Train(Optimizer opt, Tensor p, int steps)
        {
            for (var s = 0; s < steps; s++)
            {
                opt.ZeroGrad();
                ((p * p * p).Sum() + (p * 0.5).Sum()).Backward();
                opt.Step();
            }
        }

        var original = Param(0.8, -1.1, 0.3);
        var first = Make(original);
        Train(first, original, 2);
        first.ParamGroups[0].Lr = 0.05;

        var resumed = Param(original.ToArray<double>());
        var second = Make(resumed);
        second.LoadStateDict(first.StateDict());
        Assert.Equal(0.05, second.ParamGroups[0].Lr);

        Train(first, original, 2);
        Train(second, resumed, 2);
        Assert.Equal(original.ToArray<double>(), resumed.ToArray<double>());
    }

    [Fact]
    public void LoadStateDictRejectsMismatchedShapesAndLayouts()
    {
        var a = Param(1, 2);
        var adam = new Adam([a]);
        SetGrad(a, 1, 1);
        adam.Step();
        var state = adam.StateDict();

        var other = new Adam([Param(1, 2, 3)]);
        var e = Assert.Throws<InvalidOperationException>(() => other.LoadStateDict(state));
        Assert.Contains("state.0.exp_avg", e.Message);

        var twoParams = new Adam([Param(1, 2), Param(3)]);
        Assert.Throws<InvalidOperationException>(() => twoParams.LoadStateDict(state));
    }

    [Fact]
    public void WarmStepsAllocateNothing()
    {
        var layer = new Linear(64, 32);
        var adam = new Adam(layer.Parameters(), amsgrad: true, weightDecay: 0.01);
        layer.Call(Tensor.Ones(4, 64)).Sum().Backward();
        adam.Step();
        adam.Step();
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 20; i++)
        {
            adam.Step();
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void StepWithClosureReturnsTheLoss()
    {
        var p = Param(2);
        var sgd = new SGD([p], lr: 0.25);
        var loss = sgd.Step(() =>
        {
            sgd.ZeroGrad();
            var l = (p * p).Sum();
            l.Backward();
            return l;
        });
        Assert.Equal(4.0, loss.Item<double>());
        Assert.Equal(2 - 0.25 * 4, p.Item<double>());
    }
}
