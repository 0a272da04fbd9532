using AutoDiffGen.Analyzers.Tests.Infrastructure;

namespace AutoDiffGen.Analyzers.Tests.ADG1008;

public class WithoutDerivativeCodeFixTests
{
    [Fact]
    public async Task WrapsTheConditionValue()
    {
        var before = AnalyzerHarness.Usings + """
            public static partial class A
            {
                [Differentiable]
                public static double Relu(double x) => x > 0.0 ? x : 0.0;
            }
            """;
        var after = AnalyzerHarness.Usings + """
            public static partial class A
            {
                [Differentiable]
                public static double Relu(double x) => WithoutDerivative(x) > 0.0 ? x : 0.0;
            }
            """;
        var fixedText = await CodeFixHarness.ApplyAsync("ADG1008", "Wrap 'x' in WithoutDerivative", before);
        Assert.Equal(after, fixedText[0]);
        Assert.DoesNotContain(AnalyzerHarness.Diagnostics(AnalyzerHarness.Compile(fixedText[0])), d => d.Id == "ADG1008");
    }

    [Fact]
    public async Task QualifiesTheCallWithoutAUsingStatic()
    {
        const string Before = """
            using AutoDiffGen;

            public static partial class A
            {
                [Differentiable]
                public static Tensor Gate(Tensor x, [NoDerivative] Tensor y) => x.NumElements > 1 && Score(x) > 0.5 ? x : y;

                static double Score(Tensor t) => 1.0;
            }
            """;
        var fixedText = await CodeFixHarness.ApplyAsync("ADG1008", "Wrap 'Score(x)' in WithoutDerivative", Before);
        Assert.Contains("Differentiation.WithoutDerivative(Score(x)) > 0.5", fixedText[0]);
    }
}
