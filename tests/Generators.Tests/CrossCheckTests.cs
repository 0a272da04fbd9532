using AutoDiffGen.Generators.Tests.Infrastructure;

namespace AutoDiffGen.Generators.Tests;

/// <summary>
/// Cross-check mode on generated code: every case's node agrees with its op-by-op tape replay; a wrong user rule that a
/// generated backward composes is caught and named; switched off, the forward is not run again.
/// </summary>
public class CrossCheckTests
{
    // The compiled cases are friends of the runtime, so they can read its per-thread count of checked nodes.
    private const string CheckedCounter = """

            public static int NodesChecked() => global::AutoDiffGen.CrossCheck.NodesCheckedOnThisThread;
        """;

    public static TheoryData<string> TensorNames => GeneratedCodeTests.TensorNames;

    [Theory]
    [MemberData(nameof(TensorNames))]
    public void EveryGeneratedNodeAgreesWithItsTapeReplay(string name)
    {
        var testCase = Cases.ByName(name);
        var compiled = GeneratedCodeTests.Compile(testCase with { Members = testCase.Members + CheckedCounter });
        var parameters = compiled.Method(testCase.Method).GetParameters();
        var (args, _) = GeneratedCodeTests.TensorArguments(compiled, testCase, parameters, new Random(17));
        foreach (var i in GeneratedCodeTests.DifferentiableIndices(parameters, isTensor: true))
        {
            ((Tensor)args[i]!).RequiresGrad_();
        }

        var before = (int)compiled.Invoke("NodesChecked")!;
        using (Autograd.CrossCheck())
        {
            var output = (Tensor)compiled.Invoke(testCase.Method + "Node", args)!;
            var upstream = Tensor.Randn(output.Shape, DType.Float64, new Generator(19));
            output.Backward(upstream);
        }

        Assert.Equal(before + 1, (int)compiled.Invoke("NodesChecked")!);
    }

    [Fact]
    public void AStateParameterNamedInputsDoesNotCollideWithTheReplay()
    {
        var testCase = new GeneratorCase("Scaled", """
                [Differentiable]
                public static Tensor Scaled(Tensor x, double inputs) => Tensor.Tanh(x * inputs);
            """, "Scaled", [[2, 2]]);
        var compiled = GeneratedCodeTests.Compile(testCase with { Members = testCase.Members + CheckedCounter });
        var x = Tensor.FromArray(new double[] { 0.1, -0.2, 0.3, 0.4 }, 2, 2).RequiresGrad_();
        var before = (int)compiled.Invoke("NodesChecked")!;
        using (Autograd.CrossCheck())
        {
            ((Tensor)compiled.Invoke("ScaledNode", x, 1.5)!).Sum().Backward();
        }

        Assert.Equal(before + 1, (int)compiled.Invoke("NodesChecked")!);
    }

    private const string WrongRule = """
            public static Tensor Cube(Tensor x) => x * x * x;

            // Wrong on purpose: d(x³)/dx is 3x², not 2x².
            [DerivativeOf(nameof(Cube))]
            public static Tensor CubeBackward(Tensor grad, Tensor x) => grad * x * x * 2.0;

            [Differentiable]
            public static Tensor Smooth(Tensor x, Tensor w) => Tensor.Tanh(Cube(x) * w);
        """;

    [Fact]
    public void AWrongUserRuleIsCaughtAndNamed()
    {
        var compiled = GeneratedCodeTests.Compile(new GeneratorCase("WrongRule", WrongRule, "Smooth", [[2, 3], [2, 3]]));
        double[] xs = [0.2, -0.7, 1.1, 0.5, -1.3, 0.9];
        double[] ws = [0.4, 0.3, -0.2, 0.6, 0.1, -0.5];
        double[] gs = [1.0, -0.5, 0.25, 0.75, -1.0, 0.5];
        var x = Tensor.FromArray(xs, 2, 3).RequiresGrad_();
        var w = Tensor.FromArray(ws, 2, 3).RequiresGrad_();

        var output = (Tensor)compiled.Invoke("SmoothNode", x, w)!;
        GradientMismatchException error;
        using (Autograd.CrossCheck())
        {
            error = Assert.Throws<GradientMismatchException>(() => output.Backward(Tensor.FromArray(gs, 2, 3)));
        }

        // d/dx of Σ g·tanh(x³w) is g·(1 − tanh²)·w·3x²; the wrong rule gives 2x² instead, off by a third of the truth.
        var truth = Enumerable.Range(0, 6).Select(e => gs[e] * (1 - Math.Pow(Math.Tanh(Math.Pow(xs[e], 3) * ws[e]), 2)) * ws[e] * 3 * xs[e] * xs[e]).ToArray();
        var worst = Enumerable.Range(0, 6).MaxBy(e => Math.Abs(truth[e]));
        Assert.Equal("Functions.Smooth", error.Method);
        Assert.Equal("x", error.Input);
        Assert.Equal(0, error.InputIndex);
        Assert.Equal(worst, error.ElementIndex);
        Assert.Equal(truth[worst], error.Tape, 12);
        Assert.Equal(truth[worst] * 2 / 3, error.Generated, 12);
        Assert.Equal(Math.Abs(truth[worst]) / 3, error.AbsoluteDifference, 12);
        Assert.Contains("Cross-check of Functions.Smooth", error.Message);
        Assert.Contains("input 'x' (#0, shape [2, 3])", error.Message);
        Assert.Contains($"Largest absolute difference {Math.Abs(truth[worst]) / 3:G6}", error.Message);
        Assert.Contains($"at element [{worst / 3}, {worst % 3}]", error.Message);
    }

    private const string Counted = """
            public static int ForwardCalls;

            public static Tensor Tally(Tensor x)
            {
                ForwardCalls++;
                return x;
            }

            [DerivativeOf(nameof(Tally))]
            public static Tensor TallyBackward(Tensor grad) => grad;

            [Differentiable]
            public static Tensor Counted(Tensor x) => Tally(x) * 2.0;
        """;

    [Fact]
    public void SwitchedOffTheForwardIsNotRunAgain()
    {
        if (CrossCheck.Enabled)
        {
            return; // the suite runs under AUTODIFFGEN_CROSSCHECK=1: nothing is off.
        }

        var compiled = GeneratedCodeTests.Compile(new GeneratorCase("Counted", Counted, "Counted", [[3]]));
        var calls = compiled.Method("Counted").DeclaringType!.GetField("ForwardCalls")!;
        var x = Tensor.FromArray(new double[] { 1, 2, 3 }, 3).RequiresGrad_();

        // The backward needs no forward value (d(2·Tally(x)) = 2·grad), so only a cross-check replay calls Tally again.
        ((Tensor)compiled.Invoke("CountedNode", x)!).Sum().Backward();
        Assert.Equal(1, (int)calls.GetValue(null)!);

        using (Autograd.CrossCheck())
        {
            ((Tensor)compiled.Invoke("CountedNode", x)!).Sum().Backward();
        }

        Assert.Equal(3, (int)calls.GetValue(null)!);
        Assert.Equal(new double[] { 4, 4, 4 }, x.Grad!.ToArray<double>());
    }
}
