using AutoDiffGen.Analyzers.Tests.Infrastructure;

namespace AutoDiffGen.Analyzers.Tests.ADG1001;

public class NonDifferentiableCallCodeFixTests
{
    [Fact]
    public async Task GeneratesARuleStubBesideTheFunction()
    {
        var before = AnalyzerHarness.Usings + """
            public static partial class M
            {
                public static double Blend(double a, double b, int mode) => a * mode + b;

                [Differentiable]
                public static double F(double x, double y) => Blend(x, y, 2);
            }
            """;
        var after = AnalyzerHarness.Usings + """
            public static partial class M
            {
                public static double Blend(double a, double b, int mode) => a * mode + b;

                [DerivativeOf(nameof(Blend))]
                internal static (double a, double b) BlendBackward(double grad, double a, double b, int mode)
                    => throw new NotImplementedException("Return grad times the derivative of Blend with respect to a, b.");

                [Differentiable]
                public static double F(double x, double y) => Blend(x, y, 2);
            }
            """;
        var fixedText = await CodeFixHarness.ApplyAsync("ADG1001", "Add a [DerivativeOf] rule", before);
        Assert.Equal(after, fixedText[0]);

        // The stub has the signature the rule checker expects, and the call now has a derivative.
        var diagnostics = AnalyzerHarness.Diagnostics(AnalyzerHarness.Compile(fixedText[0]));
        Assert.DoesNotContain(diagnostics, d => d.Id is "ADG1001" or "ADG1009");
    }

    [Fact]
    public async Task TheStubGoesToTheEndOfTheChain()
    {
        var before = AnalyzerHarness.Usings + """
            public static partial class M
            {
                static double Leaf(double x) => x;

                [Differentiable] public static double Inner(double x) => Leaf(x);

                [Differentiable] public static double Outer(double x) => Inner(x);
            }
            """;
        var titles = await CodeFixHarness.TitlesAsync("ADG1001", before);
        Assert.Contains("Add a [DerivativeOf] rule 'LeafBackward' for 'Leaf'", titles);
    }

    [Fact]
    public async Task WrapsTheDifferentiableArgumentsInWithoutDerivative()
    {
        var before = AnalyzerHarness.Usings + """
            public static partial class M
            {
                static double Blend(double a, double b, int mode) => a * mode + b;

                [Differentiable]
                public static double F(double x, double y) => Blend(x, 3.0, 2) * y;
            }
            """;
        var after = AnalyzerHarness.Usings + """
            public static partial class M
            {
                static double Blend(double a, double b, int mode) => a * mode + b;

                [Differentiable]
                public static double F(double x, double y) => Blend(WithoutDerivative(x), 3.0, 2) * y;
            }
            """;
        var fixedText = await CodeFixHarness.ApplyAsync("ADG1001", "Wrap 'x' in WithoutDerivative", before);
        Assert.Equal(after, fixedText[0]);
        Assert.DoesNotContain(AnalyzerHarness.Diagnostics(AnalyzerHarness.Compile(fixedText[0])), d => d.Id == "ADG1001");
    }

    [Fact]
    public async Task NoStubForAFunctionOutsideTheSolution()
    {
        var titles = await CodeFixHarness.TitlesAsync("ADG1001", AnalyzerHarness.Usings + """
            public static partial class M
            {
                [Differentiable]
                public static double F(double x) => Math.IEEERemainder(x, 3.0);
            }
            """);
        Assert.DoesNotContain(titles, t => t.StartsWith("Add a [DerivativeOf] rule", StringComparison.Ordinal));
        Assert.Contains("Wrap 'x' in WithoutDerivative(...)", titles);
    }

    [Fact]
    public async Task WritesTheStubInTheFileThatDeclaresTheFunction()
    {
        var local = AnalyzerHarness.Usings + """
            public static partial class Model
            {
                [Differentiable]
                public static double Loss(double x) => Lib.Helpers.Soft(x, 2);
            }
            """;
        var helpers = """
            namespace Lib
            {
                public static class Helpers
                {
                    public static double Soft(double v, int order) => v / order;
                }
            }
            """;
        var fixedTexts = await CodeFixHarness.ApplyAsync("ADG1001", "Add a [DerivativeOf] rule 'SoftBackward'", local, helpers);
        Assert.Equal(local, fixedTexts[0]);
        Assert.Equal("""
            namespace Lib
            {
                public static class Helpers
                {
                    public static double Soft(double v, int order) => v / order;

                    [AutoDiffGen.DerivativeOf(nameof(Soft))]
                    internal static double SoftBackward(double grad, double v, int order)
                        => throw new System.NotImplementedException("Return grad times the derivative of Soft with respect to v.");
                }
            }
            """, fixedTexts[1]);
    }
}
