using AutoDiffGen.Analyzers.Tests.Infrastructure;

namespace AutoDiffGen.Analyzers.Tests.ADG1008;

public class ControlFlowTests
{
    private const string Id = "ADG1008";

    [Fact]
    public void FiresOnTheDifferentiablePartOfAConditionAndALoopBound()
    {
        var diagnostics = AnalyzerHarness.Verify(Id, """
            public static partial class A
            {
                [Differentiable]
                public static double Relu(double x) => [|x|] > 0.0 ? x : 0.0;

                [Differentiable]
                public static double Clip(double x, [NoDerivative] double limit, int n)
                {
                    var scaled = x * 2.0;
                    if (n > 2 && [|Math.Abs(scaled)|] > limit)
                    {
                        scaled = limit;
                    }

                    while ([|scaled|] > 1.0) { scaled = scaled / 2.0; }
                    return scaled;
                }
            }
            """);
        Assert.Equal(
            "The condition of this '?:' depends on the differentiable value 'x', and the derivative treats the path taken as constant; wrap it in WithoutDerivative(...) to say so",
            diagnostics[0].GetMessage());
        Assert.Contains("The condition of this 'if' depends on the differentiable value 'Math.Abs(scaled)'", diagnostics[1].GetMessage());
        Assert.Contains("The loop condition depends on the differentiable value 'scaled'", diagnostics[2].GetMessage());
    }

    [Fact]
    public void SilentOnConditionsOverConstantsAndWithoutDerivative()
    {
        AnalyzerHarness.Verify(Id, """
            public static partial class A
            {
                [Differentiable]
                public static double Relu(double x, [NoDerivative] double threshold, int n)
                    => WithoutDerivative(x) > threshold && n > 0 ? x : 0.0;
            }
            """);
    }
}
