using AutoDiffGen.Nn;
using AutoDiffGen.Parity.Tests.Infrastructure;
using AutoDiffGen.Parity.Tests.Ops;
using TorchSharp;

namespace AutoDiffGen.Parity.Tests.Nn;

/// <summary>
/// BatchNorm modules over several training steps against libtorch's: outputs, input and affine gradients, running
/// mean/var and num_batches_tracked after each step, then evaluation with the running statistics; the state dict uses
/// PyTorch's names. The cumulative average (momentum None) is checked against libtorch's batch_norm given the factor
/// PyTorch uses for it, 1 / num_batches_tracked.
/// </summary>
public class BatchNormModuleParityTests
{
    [Theory]
    [InlineData(DType.Float64, 0.1)]
    [InlineData(DType.Float32, 0.1)]
    [InlineData(DType.Float64, 0.3)]
    [InlineData(DType.Float64, null)]
    [InlineData(DType.Float32, null)]
    public void BatchNorm2d_TrainingStepsThenEval_MatchLibtorch(DType dtype, double? momentum)
    {
        double tolerance = dtype == DType.Float64 ? 1e-10 : 1e-5;
        using var scope = torch.NewDisposeScope();
        int[] shape = [4, 3, 5, 6];
        var ours = new BatchNorm2d(3, momentum: momentum, dtype: dtype);
        var rng = new Random(17);
        var weight = OpParity.Normal(rng, 3);
        var bias = OpParity.Normal(rng, 3);
        using (Autograd.NoGrad())
        {
            ours.Weight!.Copy_(OpParity.Ours(weight, [3], dtype));
            ours.Bias!.Copy_(OpParity.Ours(bias, [3], dtype));
        }

        var tw = OpParity.Torch(weight, [3], dtype).requires_grad_(true);
        var tb = OpParity.Torch(bias, [3], dtype).requires_grad_(true);
        var runningMean = torch.zeros(3, dtype == DType.Float64 ? torch.float64 : torch.float32);
        var runningVar = torch.ones(3, dtype == DType.Float64 ? torch.float64 : torch.float32);
        for (int step = 1; step <= 4; step++)
        {
            var at = $"BatchNorm2d momentum {momentum?.ToString() ?? "None"} ({dtype}) step {step}";
            var values = OpParity.Normal(rng, shape.Aggregate(1, (a, b) => a * b)).Select(v => (v * 2) + step).ToArray();
            var upstream = OpParity.Normal(rng, values.Length);
            var x = OpParity.Ours(values, shape, dtype).RequiresGrad_();
            ours.ZeroGrad();
            var y = ours.Call(x);
            y.Backward(OpParity.Ours(upstream, shape, dtype));

            var tx = OpParity.Torch(values, shape, dtype).requires_grad_(true);
            tw.grad = null;
            tb.grad = null;
            var ty = torch.nn.functional.batch_norm(tx, runningMean, runningVar, tw, tb, training: true, momentum: momentum ?? 1.0 / step);
            ty.backward([OpParity.Torch(upstream, shape, dtype)]);

            ParityAssert.AllCloseScaled(OpParity.ToDoubles(ty), y.ToDoubleArray(), tolerance, $"{at}: output");
            ParityAssert.AllCloseScaled(OpParity.ToDoubles(tx.grad!), x.Grad!.ToDoubleArray(), tolerance, $"{at}: input gradient");
            ParityAssert.AllCloseScaled(OpParity.ToDoubles(tw.grad!), ours.Weight!.Grad!.ToDoubleArray(), tolerance, $"{at}: weight gradient");
            ParityAssert.AllCloseScaled(OpParity.ToDoubles(tb.grad!), ours.Bias!.Grad!.ToDoubleArray(), tolerance, $"{at}: bias gradient");
            ParityAssert.AllCloseScaled(OpParity.ToDoubles(runningMean), ours.RunningMean!.ToDoubleArray(), tolerance, $"{at}: running_mean");
            ParityAssert.AllCloseScaled(OpParity.ToDoubles(runningVar), ours.RunningVar!.ToDoubleArray(), tolerance, $"{at}: running_var");
            Assert.Equal(step, ours.NumBatchesTracked!.Item<long>());
        }

        ours.Eval();
        var evalValues = OpParity.Normal(rng, shape.Aggregate(1, (a, b) => a * b));
        var evalOut = ours.Call(OpParity.Ours(evalValues, shape, dtype));
        var torchEval = torch.nn.functional.batch_norm(OpParity.Torch(evalValues, shape, dtype), runningMean, runningVar, tw, tb, training: false);
        ParityAssert.AllCloseScaled(OpParity.ToDoubles(torchEval), evalOut.ToDoubleArray(), tolerance, "eval output");
        Assert.Equal(4, ours.NumBatchesTracked!.Item<long>());
    }

    [Fact]
    public void BatchNorm1d_ModuleMatchesLibtorchModule_AndStateDictUsesPyTorchNames()
    {
        using var scope = torch.NewDisposeScope();
        var ours = new BatchNorm1d(4, dtype: DType.Float64);
        var theirs = torch.nn.BatchNorm1d(4, dtype: torch.float64);
        var rng = new Random(3);
        for (int step = 0; step < 3; step++)
        {
            var values = OpParity.Normal(rng, 8 * 4 * 5);
            var y = ours.Call(OpParity.Ours(values, [8, 4, 5], DType.Float64));
            var ty = theirs.call(OpParity.Torch(values, [8, 4, 5], DType.Float64));
            ParityAssert.AllCloseScaled(OpParity.ToDoubles(ty), y.ToDoubleArray(), 1e-10, $"BatchNorm1d step {step} output");
        }

        var state = ours.StateDict();
        Assert.Equal(["weight", "bias", "running_mean", "running_var", "num_batches_tracked"], state.Keys.ToArray());
        var torchState = theirs.state_dict();
        foreach (var key in new[] { "running_mean", "running_var" })
        {
            ParityAssert.AllCloseScaled(OpParity.ToDoubles(torchState[key]), state[key].ToDoubleArray(), 1e-10, key);
        }

        Assert.Equal(torchState["num_batches_tracked"].to(torch.int64).item<long>(), state["num_batches_tracked"].Item<long>());
        ours.Eval();
        theirs.eval();
        var evalValues = OpParity.Normal(rng, 6 * 4);
        ParityAssert.AllCloseScaled(OpParity.ToDoubles(theirs.call(OpParity.Torch(evalValues, [6, 4], DType.Float64))),
            ours.Call(OpParity.Ours(evalValues, [6, 4], DType.Float64)).ToDoubleArray(), 1e-10, "BatchNorm1d eval output");
    }

    [Fact]
    public void BatchNorm2d_WithoutRunningStats_UsesBatchStatisticsInEval()
    {
        var ours = new BatchNorm2d(2, affine: false, trackRunningStats: false, dtype: DType.Float64);
        Assert.Empty(ours.StateDict());
        ours.Eval();
        var values = OpParity.Normal(new Random(4), 3 * 2 * 4 * 4);
        using var scope = torch.NewDisposeScope();
        var expected = torch.nn.functional.batch_norm(OpParity.Torch(values, [3, 2, 4, 4], DType.Float64), null, null, training: true);
        ParityAssert.AllCloseScaled(OpParity.ToDoubles(expected), ours.Call(OpParity.Ours(values, [3, 2, 4, 4], DType.Float64)).ToDoubleArray(), 1e-10, "untracked eval");
    }
}
