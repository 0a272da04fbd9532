using AutoDiffGen.Analyzers.Tests.Infrastructure;

namespace AutoDiffGen.Analyzers.Tests.ADG1005;

public class NonDifferentiableParameterTests
{
    private const string Id = "ADG1005";

    [Fact]
    public void FiresOnContinuousTypesTheGeneratorNeverDifferentiates()
    {
        var diagnostics = AnalyzerHarness.Verify(Id, """
            public static partial class A
            {
                [Differentiable]
                public static double F(double x, decimal [|d|], float[] [|weights|], Half [|h|], Tensor[] [|layers|]) => x;
            }
            """);
        Assert.Equal(
            "Parameter 'd' of type 'decimal' gets no gradient (only float, double and Tensor values carry gradients); mark it [NoDerivative] to say it is a constant",
            diagnostics[0].GetMessage());
        Assert.Contains("Parameter 'weights' of type 'float[]'", diagnostics[1].GetMessage());
        Assert.Contains("Parameter 'layers' of type 'Tensor[]'", diagnostics[3].GetMessage());
    }

    [Fact]
    public void SilentOnTheOtherFamilyWhichIsAConstantByConvention()
    {
        // A scalar given to a Tensor method is a hyperparameter; a Tensor given to a scalar method is data.
        AnalyzerHarness.Verify(Id, """
            public static partial class A
            {
                [Differentiable]
                public static Tensor Scale(Tensor x, double eps) => x * eps;

                [Differentiable]
                public static double Weighted(double w, Tensor data) => w * data.NumElements;
            }
            """);
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
