using AutoDiffGen.Analyzers.Tests.Infrastructure;

namespace AutoDiffGen.Analyzers.Tests.ADG0001;

public class GeneratorCouldNotEmitTests
{
    private const string Id = "ADG0001";

    [Fact]
    public void FiresWithTheGeneratorsReasonWhenNoOtherRuleExplains()
    {
        var diagnostics = AnalyzerHarness.Verify(Id, """
            public static partial class M
            {
                [Differentiable]
                public static double [|Constant|](int n) => n * 2.0;
            }
            """);
        Assert.Equal(
            "The generator could not emit a backward for 'Constant' (it has no differentiable parameter: none is float, double or Tensor of the same kind as the result without [NoDerivative]); "
            + "simplify the method to declarations, assignments, if/else and returns over supported calls",
            diagnostics.Single().GetMessage());
    }

    [Fact]
    public void AStageThatThrowsUnexpectedlySaysSoWithTheExceptionsTypeAndMessage()
    {
        // A generator bug must not look like unsupported input: the Lower stage is made to throw for this one method.
        AutoDiffGen.Generators.Model.UnexpectedFailure.InjectIntoLowerFor = "InjectedLowerFailure";
        try
        {
            var diagnostics = AnalyzerHarness.Verify(Id, """
                public static partial class M
                {
                    [Differentiable]
                    public static double [|InjectedLowerFailure|](double x) => x * x;
                }
                """);
            var message = diagnostics.Single().GetMessage();
            Assert.Contains("the Lower stage threw System.InvalidOperationException: a failure injected by a test", message);
            Assert.Contains("a bug in the generator", message);
        }
        finally
        {
            AutoDiffGen.Generators.Model.UnexpectedFailure.InjectIntoLowerFor = null;
        }
    }

    [Fact]
    public void SilentWhenASpecificRuleExplainsOrTheGeneratorEmits()
    {
        AnalyzerHarness.Verify(Id, """
            public static partial class M
            {
                [Differentiable]
                public static double Loop(double x)
                {
                    for (var i = 0; i < 3; i++) { x = x * x; }
                    return x;
                }

                [Differentiable]
                public static double Fine(double x, double y) => x * y + Math.Exp(x);
            }

            public static class NotPartial
            {
                [Differentiable]
                public static double Fine(double x) => x * x;
            }
            """);
    }
}
