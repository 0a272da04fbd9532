using AutoDiffGen.Nn;
using AutoDiffGen.Optim;

namespace AutoDiffGen.Tests.Autograd;

using Autograd = global::AutoDiffGen.Autograd;

/// <summary>
/// Cross-check mode: every generated node's backward is compared with the op-by-op tape; a wrong backward is reported
/// with the method, the input, the element and both values; switched off, nothing extra runs.
/// </summary>
public class CrossCheckTests
{
    public static TheoryData<string, DType> Composites => new()
    {
        { "Silu", DType.Float64 }, { "GeluTanh", DType.Float64 }, { "Softmax", DType.Float64 }, { "LogSoftmax", DType.Float64 },
        { "SoftTargetCrossEntropy", DType.Float64 }, { "SquaredError", DType.Float64 }, { "BinaryCrossEntropyWithLogits", DType.Float64 },
        { "LayerNormalize", DType.Float64 }, { "LayerNormalize", DType.Float32 }, { "Softmax", DType.Float32 }, { "GeluTanh", DType.Float32 },
    };

    [Theory]
    [MemberData(nameof(Composites))]
    public void EveryRuntimeCompositeAgreesWithItsTapeReplay(string name, DType dtype)
    {
        var inputs = new[]
        {
            Tensor.Randn(new Shape(3, 4), dtype, new Generator(21)).RequiresGrad_(),
            Tensor.Rand(new Shape(3, 4), dtype, new Generator(22)).RequiresGrad_(),
        };
        var upstream = Tensor.Randn(new Shape(3, 4), dtype, new Generator(23));

        var before = CrossCheck.NodesCheckedOnThisThread;
        using (Autograd.CrossCheck())
        {
            var output = Composite(name)(inputs);
            Assert.Equal(name, output.GradFn!.Name);
            (output.Shape == upstream.Shape ? output * upstream : output).Sum().Backward();
        }

        Assert.Equal(before + 1, CrossCheck.NodesCheckedOnThisThread);
        Assert.NotNull(inputs[0].Grad);
    }

    [Fact]
    public void ATrainingStepThroughEveryCompositePassesUnderCrossCheck()
    {
        var g = new Generator(5);
        var w1 = (Tensor.Randn(new Shape(6, 4), DType.Float32, g) * 0.5).RequiresGrad_();
        var w2 = (Tensor.Randn(new Shape(3, 6), DType.Float32, g) * 0.5).RequiresGrad_();
        var gamma = Tensor.Ones(new Shape(6)).RequiresGrad_();
        var beta = Tensor.Zeros(new Shape(6)).RequiresGrad_();
        var x = Tensor.Randn(new Shape(8, 4), DType.Float32, g);
        var target = Functional.Softmax(Tensor.Randn(new Shape(8, 3), DType.Float32, g), 1);
        var optimizer = new Adam([w1, w2, gamma, beta], lr: 0.01);

        var before = CrossCheck.NodesCheckedOnThisThread;
        float first = 0, last = 0;
        using (Autograd.CrossCheck())
        {
            for (var step = 0; step < 5; step++)
            {
                optimizer.ZeroGrad();
                var hidden = Functional.LayerNorm(Functional.Linear(x, w1), [6], gamma, beta);
                hidden = Functional.Gelu(hidden, GeluApproximation.Tanh) + Functional.Silu(hidden);
                var logits = Functional.Linear(hidden, w2);
                var loss = Functional.CrossEntropy(logits, target)
                    + Functional.MseLoss(Functional.Softmax(logits, 1), target)
                    + Functional.BinaryCrossEntropyWithLogits(logits, target)
                    + Functional.LogSoftmax(logits, -1).Mean() * 0.0;
                loss.Backward();
                optimizer.Step();
                last = loss.Item<float>();
                if (step == 0)
                {
                    first = last;
                }
            }
        }

        // Eight generated nodes per step (LayerNorm, GeluTanh, Silu, SoftTargetCrossEntropy, Softmax, SquaredError, BCE, LogSoftmax).
        Assert.Equal(before + 5 * 8, CrossCheck.NodesCheckedOnThisThread);
        Assert.True(last < first, $"loss went from {first} to {last}");
    }

    [Fact]
    public void SwitchedOffNothingIsReplayed()
    {
        if (CrossCheck.Enabled)
        {
            return; // the suite runs under AUTODIFFGEN_CROSSCHECK=1: nothing is off.
        }

        var x = Tensor.Randn(new Shape(3, 4), DType.Float64, new Generator(1)).RequiresGrad_();
        var before = CrossCheck.NodesCheckedOnThisThread;
        Assert.False(CrossCheck.IsActive);

        Functional.LayerNorm(Functional.Softmax(x, 1), [4]).Sum().Backward();

        Assert.Equal(before, CrossCheck.NodesCheckedOnThisThread);
    }

    [Fact]
    public void AWrongBackwardIsReportedWithMethodInputElementAndBothValues()
    {
        var x = Tensor.FromArray(new double[] { 1, 2, 3, 4, 5, 6 }, 2, 3).RequiresGrad_();
        var w = Tensor.FromArray(new double[] { 0.5, -1, 2, 1, 1, 1 }, 2, 3).RequiresGrad_();

        using var scope = Autograd.CrossCheck();
        var error = Assert.Throws<GradientMismatchException>(() => WronglyDifferentiatedProduct(x, w).Sum().Backward());

        // d(x·w)/dw = x, but this backward returns x + 1 at element [1, 2] only.
        Assert.Equal("Tests.WronglyDifferentiatedProduct", error.Method);
        Assert.Equal("w", error.Input);
        Assert.Equal(1, error.InputIndex);
        Assert.Equal(5, error.ElementIndex);
        Assert.Equal(7.0, error.Generated);
        Assert.Equal(6.0, error.Tape);
        Assert.Equal(1.0, error.AbsoluteDifference);
        Assert.Contains("Tests.WronglyDifferentiatedProduct", error.Message);
        Assert.Contains("input 'w' (#1, shape [2, 3])", error.Message);
        Assert.Contains("at element [1, 2]", error.Message);
        Assert.Contains("generated 7, tape 6", error.Message);
    }

    [Fact]
    public void AGradientOfTheWrongShapeIsReported()
    {
        var x = Tensor.Randn(new Shape(2, 3), DType.Float64, new Generator(3)).RequiresGrad_();
        var b = Tensor.Randn(new Shape(3), DType.Float64, new Generator(4)).RequiresGrad_();
        var result = Untracked(() => x + b);
        Autograd.Record("Add", result, new[] { x, b }, static (node, grad, inputGrads) =>
        {
            inputGrads[0] = grad;
            inputGrads[1] = grad; // NOTE: the broadcast input's gradient is not summed back to its shape.
            CrossCheck.Compare("Tests.Add", ["x", "b"], node, grad, inputGrads, static inputs => inputs[0] + inputs[1]);
        });

        using var scope = Autograd.CrossCheck();
        var error = Assert.Throws<GradientMismatchException>(() => result.Sum().Backward());
        Assert.Equal("b", error.Input);
        Assert.Contains("shape [2, 3] for input 'b' (#1), which has shape [3]", error.Message);
    }

    [Fact]
    public void AMismatchHandlerReceivesTheMismatchInsteadOfAThrow()
    {
        var x = Tensor.FromArray(new double[] { 1, 2, 3, 4, 5, 6 }, 2, 3).RequiresGrad_();
        var w = Tensor.FromArray(new double[] { 1, 1, 1, 1, 1, 1 }, 2, 3).RequiresGrad_();
        var reported = new List<GradientMismatchException>();

        using (Autograd.CrossCheck(onMismatch: reported.Add))
        {
            WronglyDifferentiatedProduct(x, w).Sum().Backward();
        }

        Assert.Equal("w", Assert.Single(reported).Input);
        Assert.Equal(new double[] { 1, 2, 3, 4, 5, 7 }, w.Grad!.ToArray<double>());
    }

    [Fact]
    public void TolerancesDecideAndScopesNestAndRestore()
    {
        if (CrossCheck.Enabled)
        {
            return; // the suite runs under AUTODIFFGEN_CROSSCHECK=1: nothing is off.
        }

        var x = Tensor.FromArray(new double[] { 1, 2, 3, 4, 5, 6 }, 2, 3).RequiresGrad_();
        var w = Tensor.FromArray(new double[] { 1, 1, 1, 1, 1, 1 }, 2, 3).RequiresGrad_();

        Assert.False(CrossCheck.IsActive);
        using (Autograd.CrossCheck())
        {
            Assert.True(CrossCheck.IsActive);
            using (Autograd.CrossCheck(absoluteTolerance: 1.5))
            {
                // |7 − 6| = 1 is within 1.5 + 1e-7·6.
                WronglyDifferentiatedProduct(x, w).Sum().Backward();
            }

            Assert.True(CrossCheck.IsActive);
            Assert.Throws<GradientMismatchException>(() => WronglyDifferentiatedProduct(x, w).Sum().Backward());
        }

        Assert.False(CrossCheck.IsActive);
        WronglyDifferentiatedProduct(x, w).Sum().Backward();
    }

    [Fact]
    public void ScopesAreThreadLocal()
    {
        if (CrossCheck.Enabled)
        {
            return; // the suite runs under AUTODIFFGEN_CROSSCHECK=1: every thread is on.
        }

        using var scope = Autograd.CrossCheck();
        var elsewhere = true;
        var thread = new Thread(() => elsewhere = CrossCheck.IsActive);
        thread.Start();
        thread.Join();
        Assert.True(CrossCheck.IsActive);
        Assert.False(elsewhere);
    }

    [Fact]
    public void NegativeTolerancesAreRejectedByName()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => Autograd.CrossCheck(relativeTolerance: -1));
        Assert.Equal("relativeTolerance", error.ParamName);
        Assert.Contains("Autograd.CrossCheck: tolerances must be non-negative", error.Message);
    }

    /// <summary>x·w recorded as one node whose backward, as a wrong rule would, is off by one at w's last element.</summary>
    private static Tensor WronglyDifferentiatedProduct(Tensor x, Tensor w)
    {
        var result = Untracked(() => x * w);
        return Autograd.Record("WronglyDifferentiatedProduct", result, new[] { x, w }, static (node, grad, inputGrads) =>
        {
            inputGrads[0] = grad * node.Inputs[1];
            var dw = (grad * node.Inputs[0]).ToArray<double>();
            dw[^1] += 1;
            inputGrads[1] = Tensor.FromArray(dw, node.Inputs[1].Shape.ToArray());
            if (CrossCheck.IsActive)
            {
                CrossCheck.Compare("Tests.WronglyDifferentiatedProduct", ["x", "w"], node, grad, inputGrads, static inputs => inputs[0] * inputs[1]);
            }
        });
    }

    private static Tensor Untracked(Func<Tensor> compute)
    {
        using var noGrad = Autograd.NoGrad();
        return compute();
    }

    private static Func<Tensor[], Tensor> Composite(string name) => name switch
    {
        "Silu" => t => Functional.Silu(t[0]),
        "GeluTanh" => t => Functional.Gelu(t[0], GeluApproximation.Tanh),
        "Softmax" => t => Functional.Softmax(t[0], 1),
        "LogSoftmax" => t => Functional.LogSoftmax(t[0], -1),
        "SoftTargetCrossEntropy" => t => Functional.CrossEntropy(t[0], t[1], reduction: Reduction.None),
        "SquaredError" => t => Functional.MseLoss(t[0], t[1], Reduction.None),
        "BinaryCrossEntropyWithLogits" => t => Functional.BinaryCrossEntropyWithLogits(t[0], t[1], reduction: Reduction.None),
        "LayerNormalize" => t => Functional.LayerNorm(t[0], [4]),
        _ => throw new ArgumentException(name),
    };
}
