using AutoDiffGen.Analyzers.Tests.Infrastructure;

namespace AutoDiffGen.Analyzers.Tests.ADG1005;

public class NonDifferentiableParameterTests
{
    private const string Id = "ADG1005";

    [Fact]
    public void FiresOnAScalarParameterOfATensorMethod()
    {
        var diagnostics = AnalyzerHarness.Verify(Id, """
            public static partial class A
            {
                [Differentiable] public static Tensor Scale(Tensor x, double [|factor|]) => x * factor;
            }
            """);
        Assert.Equal(
            "Parameter 'factor' of type 'double' gets no gradient (a method returning Tensor differentiates only its Tensor parameters); mark it [NoDerivative] to say it is a constant",
            diagnostics.Single().GetMessage());
    }

    [Fact]
    public void FiresOnATensorParameterOfAScalarMethodAndOnContinuousTypesWithNoGradient()
    {
        var diagnostics = AnalyzerHarness.Verify(Id, """
            public static partial class A
            {
                [Differentiable]
                public static double F(double x, Tensor [|t|], decimal [|d|], float[] [|weights|], Half [|h|]) => x;
            }
            """);
        Assert.Contains("a method returning a scalar differentiates only its float and double parameters", diagnostics[0].GetMessage());
        Assert.Contains("Parameter 'd' of type 'decimal' gets no gradient (only float, double and Tensor values carry gradients)", diagnostics[1].GetMessage());
        Assert.Contains("'float[]'", diagnostics[2].GetMessage());
    }

    [Fact]
    public void SilentOnDiscreteParametersAndOnNoDerivative()
    {
        AnalyzerHarness.Verify(Id, """
            public enum Mode { Sum, Mean }

            public static partial class A
            {
                [Differentiable]
                public static Tensor F(Tensor x, int axis, bool keepDim, long seed, Mode mode, int[] dims, Shape shape, string name, int? limit, [NoDerivative] double factor)
                    => x * factor;
            }
            """);
    }
}
