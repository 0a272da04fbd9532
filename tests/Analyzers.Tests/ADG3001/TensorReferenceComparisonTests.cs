using AutoDiffGen.Analyzers.Tests.Infrastructure;

namespace AutoDiffGen.Analyzers.Tests.ADG3001;

public class TensorReferenceComparisonTests
{
    private const string Id = "ADG3001";

    [Fact]
    public void ReportsEqualityAndInequalityOfTwoTensorsWithTheElementwiseMethod()
    {
        var diagnostics = AnalyzerHarness.Verify(Id, """
            public static class C
            {
                public static bool Same(Tensor a, Tensor b) => [|a == b|];
                public static bool Differ(Tensor a, Tensor? b) => [|a != b|];
                public static bool Object(Tensor a, object b) => a == b;
            }
            """);
        Assert.Contains("'==' on two tensors compares references", diagnostics[0].GetMessage());
        Assert.Contains("'a.Eq(b)'", diagnostics[0].GetMessage());
        Assert.Contains("'a.Ne(b)'", diagnostics[1].GetMessage());
        Assert.Contains("ReferenceEquals", diagnostics[1].GetMessage());
    }

    [Fact]
    public void SilentForNullChecksReferenceEqualsAndElementwiseMethods()
    {
        AnalyzerHarness.Verify(Id, """
            public static class C
            {
                public static bool IsNull(Tensor? a) => a == null || null != a || a is null;
                public static bool Identity(Tensor a, Tensor b) => ReferenceEquals(a, b);
                public static Tensor Values(Tensor a, Tensor b) => a.Eq(b);
                public static bool Shapes(Tensor a, Tensor b) => a.Shape == b.Shape;
            }
            """);
    }

    [Fact]
    public void ReportsInsideDifferentiableMethodsToo()
    {
        AnalyzerHarness.Verify(Id, """
            public static partial class C
            {
                [Differentiable]
                public static Tensor F(Tensor x, Tensor y) => [|x == y|] ? x : y;
            }
            """);
    }
}
