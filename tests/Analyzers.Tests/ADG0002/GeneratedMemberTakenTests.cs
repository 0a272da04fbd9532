using AutoDiffGen.Analyzers.Tests.Infrastructure;

namespace AutoDiffGen.Analyzers.Tests.ADG0002;

public class GeneratedMemberTakenTests
{
    private const string Id = "ADG0002";

    [Fact]
    public void FiresOnAUserMemberWithAGeneratedMembersNameAndParameters()
    {
        var diagnostics = AnalyzerHarness.Verify(Id, """
            public static partial class M
            {
                [Differentiable]
                public static double Smooth(double x) => Math.Sqrt(x * x + 1);

                [DerivativeOf(nameof(Smooth))]
                public static double [|SmoothBackward|](double grad, double x) => grad * x / Math.Sqrt(x * x + 1);

                public static (double Value, double dx) [|SmoothGradient|](double x) => (Smooth(x), 0.0);

                [Differentiable]
                public static Tensor Layer(Tensor x) => Tensor.Tanh(x);

                public static Tensor [|LayerNode|](Tensor x) => x;
            }
            """);
        Assert.Equal(
            "'SmoothBackward' has the name and parameter types of the pullback the generator writes for [Differentiable] 'Smooth', so the generated one is left out; "
            + "rename 'SmoothBackward' (a [DerivativeOf(nameof(Smooth))] rule may have any name, such as 'SmoothRule')",
            diagnostics[0].GetMessage());
    }

    [Fact]
    public void SilentForOverloadsWithOtherParameters()
    {
        AnalyzerHarness.Verify(Id, """
            public static partial class M
            {
                [Differentiable]
                public static double Smooth(double x) => Math.Sqrt(x * x + 1);

                [DerivativeOf(nameof(Smooth))]
                public static double SmoothRule(double grad, double x, double result) => grad * x / result;

                public static double SmoothBackward(double grad, double x, int unused) => grad;
            }
            """);
    }
}
