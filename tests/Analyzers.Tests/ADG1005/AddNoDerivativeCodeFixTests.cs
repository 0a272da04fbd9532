using AutoDiffGen.Analyzers.Tests.Infrastructure;

namespace AutoDiffGen.Analyzers.Tests.ADG1005;

public class AddNoDerivativeCodeFixTests
{
    [Fact]
    public async Task MarksTheParameter()
    {
        var before = AnalyzerHarness.Usings + """
            public static partial class A
            {
                [Differentiable] public static double Scale(double x, decimal factor) => x * (double)factor;
            }
            """;
        var after = AnalyzerHarness.Usings + """
            public static partial class A
            {
                [Differentiable] public static double Scale(double x, [NoDerivative] decimal factor) => x * (double)factor;
            }
            """;
        var fixedText = await CodeFixHarness.ApplyAsync("ADG1005", "Mark 'factor' [NoDerivative]", before);
        Assert.Equal(after, fixedText[0]);
        Assert.Empty(AnalyzerHarness.Diagnostics(AnalyzerHarness.Compile(fixedText[0])).Where(d => d.Id == "ADG1005"));
    }

    [Fact]
    public async Task QualifiesTheAttributeWithoutAUsing()
    {
        const string Before = """
            public static partial class A
            {
                [AutoDiffGen.Differentiable] public static double Scale(double x, float[] factor) => x * factor.Length;
            }
            """;
        const string After = """
            public static partial class A
            {
                [AutoDiffGen.Differentiable] public static double Scale(double x, [AutoDiffGen.NoDerivative] float[] factor) => x * factor.Length;
            }
            """;
        var fixedText = await CodeFixHarness.ApplyAsync("ADG1005", "Mark 'factor' [NoDerivative]", Before);
        Assert.Equal(After, fixedText[0]);
    }
}
