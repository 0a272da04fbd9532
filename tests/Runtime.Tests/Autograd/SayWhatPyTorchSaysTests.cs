using AutoDiffGen.Nn;
using static AutoDiffGen.Tests.Ops.OpAssert;

namespace AutoDiffGen.Tests.Autograd;

using Autograd = global::AutoDiffGen.Autograd;

/// <summary>Warnings and errors PyTorch gives: loss shapes, non-leaf .Grad, second backward, anomaly mode, grad checks.</summary>
public class SayWhatPyTorchSaysTests
{
    /// <summary>Runs <paramref name="action"/> and returns the warnings of <paramref name="category"/> it issued on this thread.</summary>
    private static List<WarningEventArgs> WarningsOf(string category, Action action)
    {
        var thread = Environment.CurrentManagedThreadId;
        var seen = new List<WarningEventArgs>();
        void Handler(object? sender, WarningEventArgs e)
        {
            if (e.Category == category && Environment.CurrentManagedThreadId == thread)
            {
                seen.Add(e);
            }
        }

        Warnings.Warned += Handler;
        try
        {
            action();
        }
        finally
        {
            Warnings.Warned -= Handler;
        }

        return seen;
    }

    [Fact]
    public void ALossWhoseShapesBroadcastToALargerShapeThrows()
    {
        // A [41, 1] prediction against a [41] target: every prediction against every target, [41, 41].
        var input = Tensor.Zeros(41, 1);
        var target = Tensor.Zeros(41);
        Throws<ArgumentException>(() => Functional.MseLoss(input, target), "MseLoss", "[41, 1]", "[41]", "[41, 41]", "Make the shapes match");
        Throws<ArgumentException>(() => new L1Loss().Forward(input, target), "L1Loss", "[41, 41]");
        Throws<ArgumentException>(() => Functional.SmoothL1Loss(input, target), "SmoothL1Loss");
        Throws<ArgumentException>(() => Functional.HuberLoss(input, target), "HuberLoss");
    }

    [Fact]
    public void ALossWhoseTargetBroadcastsIntoTheInputWarnsOncePerCallSite()
    {
        // [5, 2] against [1, 5, 2] broadcasts to the target's shape: the same numbers, so PyTorch's warning, not an error.
        var input = Tensor.Ones(5, 2);
        var target = Tensor.Zeros(1, 5, 2);
        var warnings = WarningsOf("MseLoss", () =>
        {
            for (var i = 0; i < 3; i++)
            {
                Assert.Equal(1f, Functional.MseLoss(input, target).Item<float>());
            }
        });

        var warning = Assert.Single(warnings);
        Assert.Contains("target size ([1, 5, 2]) that is different to the input size ([5, 2])", warning.Message);
        Assert.Contains(nameof(ALossWhoseTargetBroadcastsIntoTheInputWarnsOncePerCallSite), warning.Site);
        Assert.Empty(WarningsOf("MseLoss", () => Functional.MseLoss(input, Tensor.Zeros(5, 2))));
    }

    [Fact]
    public void ReadingTheGradOfANonLeafWarnsOnceAndRetainGradSilencesIt()
    {
        var x = Tensor.FromArray(new double[] { 1, 2 }).RequiresGrad_();
        var warnings = WarningsOf("Tensor.Grad", () =>
        {
            for (var i = 0; i < 2; i++)
            {
                var y = x * 2.0;
                y.Sum().Backward();
                Assert.Null(y.Grad);
            }
        });

        var warning = Assert.Single(warnings);
        Assert.Contains("not a leaf (produced by Mul", warning.Message);
        Assert.Contains("RetainGrad()", warning.Message);

        Assert.Empty(WarningsOf("Tensor.Grad", () =>
        {
            var y = x * 3.0;
            y.RetainGrad();
            y.Sum().Backward();
            Assert.Equal(new double[] { 1, 1 }, y.Grad!.ToArray<double>());
            _ = x.Grad;
        }));
    }

    [Fact]
    public void TheSecondBackwardErrorSuggestsDetach()
    {
        var x = Tensor.FromArray(new double[] { 1 }).RequiresGrad_();
        var state = x * 2.0;
        (state * 3.0).Backward();
        Throws<InvalidOperationException>(() => (state * 4.0).Backward(), "second time", "retainGraph: true", "Detach()");
    }

    [Fact]
    public void AnomalyModeNamesTheNodeAndWhereItsForwardWasRecorded()
    {
        var x = Tensor.FromArray(new double[] { 4, 0 }).RequiresGrad_();

        // Outside anomaly mode the infinity reaches the gradient silently, as in PyTorch.
        x.Sqrt().Sum().Backward();
        Assert.True(double.IsPositiveInfinity(x.Grad!.ToArray<double>()[1]));

        using (Autograd.DetectAnomaly())
        {
            Assert.True(Autograd.IsAnomalyDetectionEnabled);
            var y = RecordSqrtHere(x) * 2.0;
            var e = Assert.Throws<AnomalyDetectedException>(() => y.Sum().Backward());
            Assert.Equal("Sqrt", e.Node.Name);
            Assert.Equal(0, e.InputIndex);
            Assert.Contains("backward of Sqrt returned +infinity", e.Message);
            Assert.Contains("flat index 1", e.Message);
            Assert.Contains(nameof(RecordSqrtHere), e.Message);
        }

        Assert.False(Autograd.IsAnomalyDetectionEnabled);
    }

    [Fact]
    public void AnomalyModeCatchesNaN()
    {
        using var anomaly = Autograd.DetectAnomaly();
        var x = Tensor.FromArray(new double[] { -1 }).RequiresGrad_();
        var e = Assert.Throws<AnomalyDetectedException>(() => x.Log().Sqrt().Sum().Backward());
        Assert.Contains("backward of Sqrt returned NaN", e.Message);
    }

    private static Tensor RecordSqrtHere(Tensor x) => x.Sqrt();

    [Fact]
    public void GradCheckAcceptsFunctionsThatCallAutogradGrad()
    {
        // f(x) = d/dx Σ x³ = 3x², written by differentiating inside the function, checked without workarounds.
        GradCheck.Check(inputs => Autograd.Grad((inputs[0] * inputs[0] * inputs[0]).Sum(), [inputs[0]], createGraph: true)[0]!,
            [Uniform([3], 11)]);
        Assert.Null(Uniform([3], 11).Grad);
    }

    [Fact]
    public void GradCheckLeavesTheInputsGradAlone()
    {
        var x = Uniform([2], 12);
        x.Grad = Tensor.FromArray(new double[] { 7, 7 });
        GradCheck.Check(inputs => inputs[0].Tanh(), [x]);
        Assert.Equal(new double[] { 7, 7 }, x.Grad!.ToArray<double>());
    }

    [Fact]
    public void GradGradCheckPassesForTwiceDifferentiableOps()
    {
        GradCheck.GradGradCheck(inputs => inputs[0].Tanh() * inputs[1], [Uniform([2, 3], 13), Uniform([3], 14)]);
        GradCheck.GradGradCheck(inputs => Tensor.MatMul(inputs[0], inputs[1]).Sigmoid(), [Uniform([2, 3], 15), Uniform([3, 2], 16)]);
        GradCheck.GradGradCheck(inputs => Functional.Softmax(inputs[0], 1), [Uniform([2, 4], 17)]);
    }

    [Fact]
    public void GradGradCheckCatchesABackwardThatIsNotDifferentiable()
    {
        // A square whose backward detaches x: right first derivative, second derivative 0 instead of 2.
        static Tensor BadSquare(Tensor x) => Autograd.Record("BadSquare", x.Detach() * x.Detach(), x,
            static (node, grad, grads) => grads[0] = grad * 2.0 * node.Inputs[0].Detach());

        GradCheck.Check(inputs => BadSquare(inputs[0]), [Uniform([3], 18)]);
        Throws<GradCheckException>(() => GradCheck.GradGradCheck(inputs => BadSquare(inputs[0]), [Uniform([3], 18)]), "gradient mismatch");
    }
}
