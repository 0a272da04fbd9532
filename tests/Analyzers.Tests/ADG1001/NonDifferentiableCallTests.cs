using AutoDiffGen.Analyzers.Tests.Infrastructure;

namespace AutoDiffGen.Analyzers.Tests.ADG1001;

public class NonDifferentiableCallTests
{
    private const string Id = "ADG1001";

    [Fact]
    public void FiresOnADirectCallWithNoDerivative()
    {
        var diagnostics = AnalyzerHarness.Verify(Id, """
            public static partial class M
            {
                static double Helper(double x) => x * x;

                [Differentiable]
                public static double F(double x) => [|Helper(x)|] + 1.0;
            }
            """);
        Assert.Equal(
            "'M.Helper' has no derivative, so no gradient can flow through this call; mark 'Helper' [Differentiable], "
            + "give it a [DerivativeOf(nameof(Helper))] rule, or wrap the differentiable arguments in WithoutDerivative(...)",
            diagnostics.Single().GetMessage());
    }

    [Fact]
    public void NamesAWrapperWithARuleForAMathFunctionWithoutOne()
    {
        // System.Math cannot be marked [Differentiable] nor given a rule beside it: the message names the fix that works.
        var diagnostics = AnalyzerHarness.Verify(Id, """
            public static partial class M
            {
                [Differentiable]
                public static double F(double x) => [|Math.IEEERemainder(x, 2.0)|] + 1.0;
            }
            """);
        var message = diagnostics.Single().GetMessage();
        Assert.StartsWith("'Math.IEEERemainder' has no derivative, so no gradient can flow through this call; the generator has no rule for it: call a static method of your own", message);
        Assert.Contains("[DerivativeOf(nameof(MyIEEERemainder))]", message);
        Assert.DoesNotContain("mark 'IEEERemainder' [Differentiable]", message);
    }

    [Fact]
    public void NamesTheChainWhenTheFaultIsInADifferentiableCallee()
    {
        var diagnostics = AnalyzerHarness.Verify(Id, """
            public static partial class M
            {
                static double Leaf(double x) => x;

                [Differentiable] public static double Inner(double x) => [|Leaf(x)|] * 2.0;

                [Differentiable] public static double Middle(double x) => [|Inner(x)|] + x;

                [Differentiable] public static double Outer(double x) => [|Middle(x)|];
            }
            """);
        Assert.StartsWith("'M.Leaf' has no derivative,", diagnostics[0].GetMessage());
        Assert.StartsWith("'M.Inner' has no derivative (Inner → Leaf: 'Leaf' has no derivative)", diagnostics[1].GetMessage());
        Assert.StartsWith("'M.Middle' has no derivative (Middle → Inner → Leaf: 'Leaf' has no derivative)", diagnostics[2].GetMessage());
        Assert.Contains("give it a [DerivativeOf(nameof(Leaf))] rule", diagnostics[2].GetMessage());
    }

    [Fact]
    public void ExplainsADifferentiableCalleeWhoseOwnBodyIsUnsupported()
    {
        var diagnostics = AnalyzerHarness.Verify(Id, """
            public static partial class M
            {
                [Differentiable]
                public static double Inner(double x)
                {
                    while (x > 1.0) { x = x / 2.0; }
                    return x;
                }

                [Differentiable] public static double Outer(double x) => [|Inner(x)|];
            }
            """);
        Assert.Contains("'Inner' is [Differentiable] but its own body cannot be differentiated", diagnostics.Single().GetMessage());
    }

    [Fact]
    public void SilentForTensorCallsTheTapeCanReplay()
    {
        // The runtime's rules are internal, so none is visible here: the generator replays such calls on the tape.
        AnalyzerHarness.VerifyClean("""
            public static partial class M
            {
                [Differentiable]
                public static Tensor F(Tensor x, Tensor w) => Tensor.Tanh(Tensor.MatMul(x, w)).Sum();
            }
            """, Microsoft.CodeAnalysis.DiagnosticSeverity.Warning);
    }

    [Fact]
    public void FiresWhenARuleDoesNotCoverEveryDifferentiableInput()
    {
        AnalyzerHarness.Verify(Id, """
            public static partial class M
            {
                public static double Mix(double a, double b) => a * b;

                [DerivativeOf(nameof(Mix), Wrt = "a")]
                internal static double MixBackwardA(double grad, double a, double b) => grad * b;

                [Differentiable]
                public static double OnlyA(double x, [NoDerivative] double y) => Mix(x, y);

                [Differentiable]
                public static double Both(double x, double y) => [|Mix(x, y)|];
            }
            """);
    }

    [Fact]
    public void SilentWhenNoDifferentiableValueFlowsIn()
    {
        AnalyzerHarness.Verify(Id, """
            public static partial class M
            {
                static double Scale(int n) => n * 0.5;

                [Differentiable]
                public static double F(double x, int n)
                {
                    var s = Scale(n);
                    var c = Helper(3.0);
                    return x * s * c;
                }

                static double Helper(double v) => v;
            }
            """);
    }

    [Fact]
    public void SilentForRulesBuiltinsDifferentiableCalleesAndWithoutDerivative()
    {
        AnalyzerHarness.VerifyClean("""
            public static partial class M
            {
                public static double Square(double x) => x * x;

                [DerivativeOf(nameof(Square))]
                internal static double SquareBackward(double grad, double x) => grad * 2.0 * x;

                static double Opaque(double x) => x;

                [Differentiable]
                public static double Inner(double x) => Math.Sin(x) * MathF.Exp(1f);

                [Differentiable]
                public static double F(double x, double y) => Square(x) + Inner(y) + Math.Pow(x, y) + Opaque(WithoutDerivative(x)) * y;
            }
            """, Microsoft.CodeAnalysis.DiagnosticSeverity.Warning);
    }

    [Fact]
    public void SilentWhenOnlyANonDifferentiableResultIsRead()
    {
        AnalyzerHarness.Verify(Id, """
            public static partial class M
            {
                [Differentiable]
                public static Tensor F(Tensor x)
                {
                    var n = x.NumElements;
                    var shape = x.Shape;
                    return x * (1.0 / n);
                }
            }
            """);
    }

    [Fact]
    public void AnInaccessibleRuleDoesNotCount()
    {
        // The rule is private to Ops, so code outside it cannot call it: the generator cannot use it either.
        AnalyzerHarness.Verify(Id, """
            public static class Ops
            {
                public static double Cube(double x) => x * x * x;

                [DerivativeOf(nameof(Cube))]
                private static double CubeBackward(double grad, double x) => grad * 3.0 * x * x;
            }

            public static partial class M
            {
                [Differentiable]
                public static double F(double x) => [|Ops.Cube(x)|];
            }
            """);
    }
}
