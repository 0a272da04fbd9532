using AutoDiffGen.Analyzers.Tests.Infrastructure;

namespace AutoDiffGen.Analyzers.Tests.ADG1004;

public class NonDifferentiableReturnTypeTests
{
    private const string Id = "ADG1004";

    [Fact]
    public void FiresOnTheReturnType()
    {
        var diagnostics = AnalyzerHarness.Verify(Id, """
            public static partial class A
            {
                [Differentiable] public static [|int|] Count(double x) => (int)x;

                [Differentiable] public static [|double[]|] Pair(double x) => new[] { x, x };
            }
            """);
        Assert.Equal("[Differentiable] method 'Count' returns 'int', which has no gradient; return float, double or Tensor", diagnostics[0].GetMessage());
        Assert.Contains("returns 'double[]'", diagnostics[1].GetMessage());
    }

    [Fact]
    public void SilentOnFloatDoubleAndTensor()
    {
        AnalyzerHarness.Verify(Id, """
            public static partial class A
            {
                [Differentiable] public static float F(float x) => x * x;

                [Differentiable] public static double D(double x) => x * x;

                [Differentiable] public static Tensor T(Tensor x) => x * x;
            }
            """);
    }
}
