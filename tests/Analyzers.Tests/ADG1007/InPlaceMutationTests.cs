using AutoDiffGen.Analyzers.Tests.Infrastructure;

namespace AutoDiffGen.Analyzers.Tests.ADG1007;

public class InPlaceMutationTests
{
    private const string Id = "ADG1007";

    [Fact]
    public void FiresOnAssignmentsIntoADifferentiableValue()
    {
        var diagnostics = AnalyzerHarness.Verify(Id, """
            public static partial class A
            {
                [Differentiable]
                public static Tensor F(Tensor x, [NoDerivative] Tensor[] layers)
                {
                    [|x.RequiresGrad = false|];
                    [|layers[0] = x|];
                    return x;
                }
            }
            """);
        Assert.Equal(
            "'x.RequiresGrad = false' mutates the differentiable value 'x' in place, which would corrupt the values the backward reads; compute a new value instead (for example 'x = x + y')",
            diagnostics[0].GetMessage());
        Assert.Contains("mutates the differentiable value 'layers'", diagnostics[1].GetMessage());
    }

    [Fact]
    public void FiresOnMutatingTensorMethods()
    {
        var diagnostics = AnalyzerHarness.Verify(Id, """
            public static partial class A
            {
                [Differentiable]
                public static Tensor F(Tensor x)
                {
                    [|x.RetainGrad()|];
                    var y = [|x.RequiresGrad_()|];
                    return y;
                }
            }
            """);
        Assert.StartsWith("'x.RetainGrad()' mutates the differentiable value 'x' in place", diagnostics[0].GetMessage());
    }

    [Fact]
    public void SilentWhenRebindingALocalOrParameter()
    {
        AnalyzerHarness.Verify(Id, """
            public static partial class A
            {
                [Differentiable]
                public static Tensor F(Tensor x, Tensor y)
                {
                    x = x + y;
                    x = x * y;
                    return x;
                }
            }
            """);
    }
}
