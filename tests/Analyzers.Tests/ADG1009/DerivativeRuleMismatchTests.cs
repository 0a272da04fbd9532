using AutoDiffGen.Analyzers.Tests.Infrastructure;

namespace AutoDiffGen.Analyzers.Tests.ADG1009;

public class DerivativeRuleMismatchTests
{
    private const string Id = "ADG1009";

    [Fact]
    public void FiresOnAnUnknownFunctionName()
    {
        var diagnostics = AnalyzerHarness.Verify(Id, """
            public static class Ops
            {
                [DerivativeOf("Mull")]
                internal static double [|MulBackward|](double grad, double a) => grad;
            }
            """);
        Assert.Equal(
            "[DerivativeOf] rule 'MulBackward' does not match 'Ops.Mull': 'Ops' has no method named 'Mull'; expected 'a rule beside the function it differentiates, naming it with nameof'",
            diagnostics.Single().GetMessage());
    }

    [Fact]
    public void FiresOnAParameterThatIsNotOneOfTheFunctions()
    {
        var diagnostics = AnalyzerHarness.Verify(Id, """
            public static class Ops
            {
                public static double Mul(double a, double b) => a * b;

                [DerivativeOf(nameof(Mul))]
                internal static (double a, double b) MulBackward(double grad, double a, [|double c|]) => (grad * c, grad * a);
            }
            """);
        Assert.Equal(
            "[DerivativeOf] rule 'MulBackward' does not match 'Ops.Mul(double a, double b)': 'c' is neither 'grad', 'result' nor a parameter of 'Mul'; "
            + "expected 'static (double a, double b) MulBackward(double grad, double a, double b[, double result])'",
            diagnostics.Single().GetMessage());
    }

    [Fact]
    public void FiresOnWrongTypesAndReturnShapes()
    {
        var diagnostics = AnalyzerHarness.Verify(Id, """
            public static class Ops
            {
                public static Tensor Scale(Tensor x, Tensor s) => x * s;

                [DerivativeOf(nameof(Scale))]
                internal static Tensor ScaleBackward([|double grad|], Tensor x, Tensor s) => x;

                public static double Square(double x) => x * x;

                [DerivativeOf(nameof(Square))]
                internal static [|(double x, double y)|] SquareBackward(double grad, double x) => (grad, grad);

                [DerivativeOf(nameof(Scale), Wrt = "z")]
                internal static Tensor [|ScaleBackwardZ|](Tensor grad, Tensor x) => grad;

                [DerivativeOf(nameof(Scale), Wrt = "s")]
                internal static [|double|] ScaleBackwardS(Tensor grad, Tensor x) => 0.0;

                [DerivativeOf(nameof(Square))]
                internal static double [|SquareNoGrad|](double x) => x;
            }
            """);
        Assert.Contains("'grad' is 'double' but 'Scale' returns 'Tensor'", diagnostics[0].GetMessage());
        Assert.Contains("it returns 2 gradients but 'Square' has 1 differentiable inputs", diagnostics[1].GetMessage());
        Assert.Contains("Wrt names 'z', which is not a parameter of 'Scale'", diagnostics[2].GetMessage());
        Assert.Contains("with Wrt = \"s\" it returns the gradient of 's', a 'Tensor'", diagnostics[3].GetMessage());
        Assert.Contains("expected 'static Tensor ScaleBackwardS(Tensor grad, Tensor x, Tensor s[, Tensor result])'", diagnostics[3].GetMessage());
        Assert.Contains("it has no 'grad' parameter", diagnostics[4].GetMessage());
    }

    [Fact]
    public void SilentOnRulesThatFollowTheConvention()
    {
        AnalyzerHarness.Verify(Id, """
            public static class Ops
            {
                public static Tensor Exp(Tensor x) => x;

                [DerivativeOf(nameof(Exp))]
                internal static Tensor ExpBackward(Tensor grad, Tensor result) => grad * result;

                public static Tensor Mul(Tensor a, Tensor b) => a * b;

                [DerivativeOf(nameof(Mul))]
                internal static (Tensor a, Tensor b) MulBackward(Tensor grad, Tensor a, Tensor b) => (grad * b, grad * a);

                [DerivativeOf(nameof(Mul), Wrt = "b")]
                internal static Tensor MulBackwardB(Tensor grad, Tensor a) => grad * a;

                public static double Pow(double x, [NoDerivative] double p, int n) => x;

                [DerivativeOf(nameof(Pow))]
                internal static double PowBackward(double grad, double x, double p) => grad * p;

                public static double Round(double x) => x;

                public static double Round(double x, int digits) => x;

                [DerivativeOf(nameof(Round))]
                internal static double RoundBackward(double grad, int digits) => 0.0;
            }
            """);
    }

    [Fact]
    public void RulesOfRulesNameTheRulesGradAndResultGradOutputAndOutput()
    {
        // ExpBackward's own grad and result would clash with the rule's: its rules call them gradOutput and output.
        AnalyzerHarness.Verify(Id, """
            public static class Ops
            {
                public static Tensor Exp(Tensor x) => x;

                [DerivativeOf(nameof(Exp))]
                internal static Tensor ExpBackward(Tensor grad, Tensor result) => grad * result;

                [DerivativeOf(nameof(ExpBackward))]
                internal static (Tensor gradOutput, Tensor output) ExpBackwardBackward(Tensor grad, Tensor gradOutput, Tensor output)
                    => (grad * output, grad * gradOutput);

                [DerivativeOf(nameof(ExpBackward), Wrt = "gradOutput")]
                internal static Tensor ExpBackwardBackwardGradOutput(Tensor grad, Tensor output) => grad * output;
            }
            """);

        var diagnostics = AnalyzerHarness.Verify(Id, """
            public static class Ops
            {
                public static Tensor Exp(Tensor x) => x;

                [DerivativeOf(nameof(Exp))]
                internal static Tensor ExpBackward(Tensor grad, Tensor result) => grad * result;

                [DerivativeOf(nameof(ExpBackward), Wrt = "grad")]
                internal static Tensor [|ExpBackwardBackward|](Tensor grad, Tensor result) => grad * result;
            }
            """);
        Assert.Contains("expected 'static ? ExpBackwardBackward(Tensor grad, Tensor gradOutput, Tensor output[, Tensor result])'", diagnostics.Single().GetMessage());
    }

    [Fact]
    public void BindsTheReceiverOfAnInstanceFunction()
    {
        AnalyzerHarness.Verify(Id, """
            public sealed class Vec
            {
                public Tensor Data => Tensor.Zeros(1);

                public Tensor Scale(Tensor by) => Data * by;

                [DerivativeOf(nameof(Scale), Wrt = "by")]
                internal static Tensor ScaleBackwardBy(Tensor grad, Vec v) => grad * v.Data;
            }
            """);
        var diagnostics = AnalyzerHarness.Verify(Id, """
            public static class Ops
            {
                public static Tensor Twice(Tensor x) => x * 2.0;

                [DerivativeOf(nameof(Twice), Wrt = "self")]
                internal static Tensor [|TwiceBackward|](Tensor grad) => grad * 2.0;
            }
            """);
        Assert.Contains("Wrt names 'self', which is not a parameter of 'Twice'", diagnostics.Single().GetMessage());
    }
}
