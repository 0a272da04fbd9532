using AutoDiffGen.Analyzers.Tests.Infrastructure;

namespace AutoDiffGen.Analyzers.Tests.ADG1010;

public class ZeroGradientCodeFixTests
{
    [Fact]
    public async Task MarksTheParameterNoDerivative()
    {
        var before = AnalyzerHarness.Usings + """
            public static partial class A
            {
                [Differentiable]
                public static double F(double x, double unused) => x * x;
            }
            """;
        var after = AnalyzerHarness.Usings + """
            public static partial class A
            {
                [Differentiable]
                public static double F(double x, [NoDerivative] double unused) => x * x;
            }
            """;
        var fixedText = await CodeFixHarness.ApplyAsync("ADG1010", "Mark 'unused' [NoDerivative]", before);
        Assert.Equal(after, fixedText[0]);
        Assert.Empty(AnalyzerHarness.Diagnostics(AnalyzerHarness.Compile(fixedText[0])));
    }
}
