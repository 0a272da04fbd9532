using AutoDiffGen.Analyzers.Tests.Infrastructure;

namespace AutoDiffGen.Analyzers.Tests.ADG1002;

public class TypeNotPartialTests
{
    private const string Id = "ADG1002";

    [Fact]
    public void FiresOnTheNameOfANonPartialType()
    {
        var diagnostics = AnalyzerHarness.Verify(Id, """
            public static class [|Losses|]
            {
                [Differentiable] public static double Square(double x) => x * x;
            }
            """);
        Assert.Equal(
            "'Losses' holds the [Differentiable] method 'Square' but is not partial, so the generated backward cannot be added to it; declare 'Losses' partial",
            diagnostics.Single().GetMessage());
    }

    [Fact]
    public void FiresOnEveryEnclosingTypeThatIsNotPartial()
    {
        AnalyzerHarness.Verify(Id, """
            public class [|Outer|]
            {
                public static partial class Inner
                {
                    [Differentiable] public static double Square(double x) => x * x;
                }
            }
            """);
    }

    [Fact]
    public void SilentOnPartialTypesAndOnTypesWithoutDifferentiableMethods()
    {
        AnalyzerHarness.Verify(Id, """
            public static partial class Outer
            {
                public partial struct Inner
                {
                    [Differentiable] public static double Square(double x) => x * x;
                }
            }

            public static class Plain
            {
                public static double Square(double x) => x * x;
            }
            """);
    }
}
