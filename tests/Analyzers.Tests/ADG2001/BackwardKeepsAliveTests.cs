using AutoDiffGen.Analyzers.Tests.Infrastructure;

namespace AutoDiffGen.Analyzers.Tests.ADG2001;

public class BackwardKeepsAliveTests
{
    private const string Id = "ADG2001";

    [Fact]
    public void ListsTheInputsTheNodeHoldsAndTheValuesTheBackwardRecomputes()
    {
        var diagnostics = AnalyzerHarness.Verify(Id, """
            public static partial class A
            {
                [Differentiable]
                public static Tensor [|Layer|](Tensor x, Tensor w, Tensor b)
                {
                    var h = x * w;
                    return h / b + b;
                }
            }
            """);
        var message = diagnostics.Single().GetMessage();

        // d(x*w) needs x and w; d(h/b) = (g/b, -g*q/b) needs b and the quotient q itself, and h only for its shape.
        Assert.StartsWith("The backward of 'Layer' keeps ", message);
        Assert.Contains("x (Tensor; an input, held by the tape node)", message);
        Assert.Contains("w (Tensor; an input, held by the tape node)", message);
        Assert.Contains("b (Tensor; an input, held by the tape node)", message);
        Assert.Contains("the '/' result (Tensor; recomputed from the inputs by 'return h / b + b;')", message);
        Assert.Contains("h (Tensor, only its shape; recomputed from the inputs by 'var h = x * w;')", message);
    }

    [Fact]
    public void SaysWhenOnlyAShapeIsKept()
    {
        // Broadcasting gradients are summed back to each operand's shape, so the backward of a sum reads shapes only.
        var message = AnalyzerHarness.Verify(Id, """
            public static partial class A
            {
                [Differentiable]
                public static Tensor [|Sum|](Tensor x, Tensor y) => x + y;
            }
            """).Single().GetMessage();
        Assert.Contains("x (Tensor, only its shape; an input, held by the tape node)", message);
        Assert.Contains("y (Tensor, only its shape; an input, held by the tape node)", message);
    }

    [Fact]
    public void SilentForScalarMethods()
    {
        AnalyzerHarness.Verify(Id, """
            public static partial class A
            {
                [Differentiable]
                public static double Scalar(double x, double y) => x * y;
            }
            """);
    }
}
