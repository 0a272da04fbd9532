using AutoDiffGen.Analyzers.Tests.Infrastructure;

namespace AutoDiffGen.Analyzers.Tests.ADG1010;

public class ZeroGradientTests
{
    private const string Id = "ADG1010";

    [Fact]
    public void FiresOnAnInputTheResultDoesNotDependOn()
    {
        var diagnostics = AnalyzerHarness.Verify(Id, """
            public static partial class A
            {
                [Differentiable]
                public static double F(double x, double [|unused|], double [|onlyInCondition|])
                {
                    var y = x * x;
                    if (onlyInCondition > 0.0) { y = y + 1.0; }
                    return y;
                }

                [Differentiable]
                public static Tensor Zeros(Tensor x, Tensor [|like|]) => x + Tensor.Zeros(like.Shape);
            }
            """);
        Assert.Equal(
            "The result of 'F' does not depend on differentiable parameter 'unused', so its gradient is always zero; mark it [NoDerivative], or wrap deliberate uses in WithoutDerivative(...)",
            diagnostics[0].GetMessage());
    }

    [Fact]
    public void SilentForInputsPassedInsideAnArrayOrCompared()
    {
        // Cat over new[] { a, b } depends on both (issue 12); a comparison's mask carries no gradient, but the other
        // arguments of Where do; a creation op reads only the shape, so 'like' has no gradient.
        AnalyzerHarness.Verify(Id, """
            public static partial class A
            {
                [Differentiable]
                public static Tensor Cat(Tensor a, Tensor b) => Tensor.Cat(new[] { a, b * b }, 1);

                [Differentiable]
                public static Tensor Leaky(Tensor x) => Tensor.Where(x > 0.0, x, 0.01 * x);

                [Differentiable]
                public static Tensor Creation(Tensor x, Tensor [|like|]) => x + Tensor.ZerosLike(like);
            }
            """);
    }

    [Fact]
    public void SilentWhenUsedThroughLocalsOrCutWithWithoutDerivative()
    {
        AnalyzerHarness.Verify(Id, """
            public static partial class A
            {
                [Differentiable]
                public static double F(double x, double y, double z)
                {
                    var t = y * 2.0;
                    var u = t + x;
                    return u * WithoutDerivative(z);
                }
            }
            """);
    }
}
