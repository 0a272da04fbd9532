using AutoDiffGen.Analyzers.Tests.Infrastructure;

namespace AutoDiffGen.Analyzers.Tests.ADG1003;

public class MethodNotStaticTests
{
    private const string Id = "ADG1003";

    [Fact]
    public void FiresOnAnInstanceMethod()
    {
        var diagnostics = AnalyzerHarness.Verify(Id, """
            public partial class Model
            {
                [Differentiable] public double [|Forward|](double x) => x * x;
            }
            """);
        Assert.Equal(
            "[Differentiable] method 'Forward' is not static; make it a non-generic static method taking what it reads as parameters",
            diagnostics.Single().GetMessage());
    }

    [Fact]
    public void FiresOnAGenericMethodAndOnAMethodOfAGenericType()
    {
        var diagnostics = AnalyzerHarness.Verify(Id, """
            public static partial class A
            {
                [Differentiable] public static double [|Forward|]<T>(double x) => x * x;
            }

            public static partial class B<T>
            {
                [Differentiable] public static double [|Forward|](double x) => x * x;
            }
            """);
        Assert.Contains("is generic", diagnostics[0].GetMessage());
        Assert.Contains("is declared in the generic type 'B<T>'", diagnostics[1].GetMessage());
    }

    [Fact]
    public void SilentOnAStaticMethod()
    {
        AnalyzerHarness.Verify(Id, """
            public static partial class A
            {
                [Differentiable] public static double Forward(double x) => x * x;
            }
            """);
    }
}
