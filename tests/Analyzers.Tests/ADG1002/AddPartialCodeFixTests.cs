using AutoDiffGen.Analyzers.Tests.Infrastructure;

namespace AutoDiffGen.Analyzers.Tests.ADG1002;

public class AddPartialCodeFixTests
{
    [Theory]
    [InlineData("public static class Losses", "public static partial class Losses")]
    [InlineData("class Losses", "partial class Losses")]
    [InlineData("internal sealed record Losses", "internal sealed partial record Losses")]
    public async Task AddsPartial(string declaration, string expected)
    {
        const string Body = """

            {
                [Differentiable] public static double Square(double x) => x * x;
            }
            """;
        var fixedText = await CodeFixHarness.ApplyAsync("ADG1002", "Make 'Losses' partial", AnalyzerHarness.Usings + declaration + Body);
        Assert.Equal(AnalyzerHarness.Usings + expected + Body, fixedText[0]);
        Assert.DoesNotContain(AnalyzerHarness.Diagnostics(AnalyzerHarness.Compile(fixedText[0])), d => d.Id == "ADG1002");
    }
}
