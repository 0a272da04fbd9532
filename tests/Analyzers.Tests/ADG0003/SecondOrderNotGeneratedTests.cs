using AutoDiffGen.Analyzers.Tests.Infrastructure;

namespace AutoDiffGen.Analyzers.Tests.ADG0003;

public class SecondOrderNotGeneratedTests
{
    private const string Id = "ADG0003";

    [Fact]
    public void FiresWhenOrderTwoMeetsALoopOrACallToAnotherDifferentiableMethod()
    {
        var diagnostics = AnalyzerHarness.Verify(Id, """
            public static partial class M
            {
                [Differentiable(Order = 2)]
                public static double [|Series|](double x, int n)
                {
                    var sum = 0.0;
                    for (int i = 0; i < n; i++)
                    {
                        sum += x * x;
                    }

                    return sum;
                }

                [Differentiable]
                public static double Inner(double x) => x * x * x;

                [Differentiable(Order = 2)]
                public static double [|Outer|](double x) => Inner(x) * x;
            }
            """);
        Assert.StartsWith("'Series' asks for [Differentiable(Order = 2)], but the generator cannot write its second-order members (SeriesBackwardBackward and the rest): its pullback reverses a loop", diagnostics[0].GetMessage());
        Assert.Contains("its pullback calls 'InnerBackward', the generated pullback of 'Inner'", diagnostics[1].GetMessage());
    }

    [Fact]
    public void SilentWhereTheSecondOrderFileIsWritten()
    {
        AnalyzerHarness.Verify(Id, """
            public static partial class M
            {
                [Differentiable(Order = 2)]
                public static double Rosenbrock(double x0, double x1) =>
                    100 * (x1 - x0 * x0) * (x1 - x0 * x0) + (x0 - 1) * (x0 - 1);

                [Differentiable(Order = 2)]
                public static Tensor Layer(Tensor x, Tensor w) => Tensor.Tanh(Tensor.MatMul(x, w));

                [Differentiable]
                public static double FirstOrderOnly(double x, int n)
                {
                    var sum = 0.0;
                    for (int i = 0; i < n; i++)
                    {
                        sum += x;
                    }

                    return sum;
                }
            }
            """);
    }
}
