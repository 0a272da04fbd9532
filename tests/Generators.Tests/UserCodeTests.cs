using AutoDiffGen.Generators.Tests.Infrastructure;

namespace AutoDiffGen.Generators.Tests;

/// <summary>
/// What users write, tried as a new user would (issue 12): each method is compiled in memory with the generator and its
/// backward checked against float64 central differences. None of these may give a silently wrong gradient.
/// </summary>
public class UserCodeTests
{
    private static readonly int[][] Scalar = [];

    /// <summary>Methods checked by <see cref="GeneratedCodeTests.CheckScalar"/> or <see cref="GeneratedCodeTests.CheckTensor"/>.</summary>
    public static readonly GeneratorCase[] All =
    [
        // Arrays of tensors built in the method: the replayed call differentiates into each element.
        new("Cat", """
            [Differentiable]
            public static Tensor Cat(Tensor a, Tensor b) => Tensor.Cat(new[] { a * a, b }, 1) * 2.0;
        """, "Cat", [[2, 3], [2, 2]]),
        new("Stack", """
            [Differentiable]
            public static Tensor Stack(Tensor a, Tensor b) => Tensor.Tanh(Tensor.Stack(new[] { a, b * a }));
        """, "Stack", [[2, 3], [2, 3]]),
        new("CatInBranch", """
            [Differentiable]
            public static Tensor CatInBranch(Tensor a, Tensor b, int flip)
            {
                var parts = new[] { a, Tensor.Exp(b) };
                if (flip > 1)
                {
                    return Tensor.Tanh(Tensor.Concat(parts));
                }

                return Tensor.Concat(parts);
            }
        """, "CatInBranch", [[2, 3], [2, 3]]),

        // Creation ops read only their input's shape: constants, not replayed.
        new("CreationOps", """
            [Differentiable]
            public static Tensor CreationOps(Tensor a) =>
                Tensor.ZerosLike(a) + a * a + Tensor.OnesLike(a) * a + Tensor.FullLike(a, 3.0) * a
                + Tensor.Full(a.Shape, 2.0, a.DType) * a + Tensor.Zeros(a.Shape, a.DType);
        """, "CreationOps", [[2, 3]]),

        // Integer reads of shapes as constants and loop bounds.
        new("ShapeReads", """
            [Differentiable]
            public static Tensor ShapeReads(Tensor q) => q * (1.0 / Math.Sqrt(q.Size(-1))) + q * q.Shape[1] + q * q.Rank;
        """, "ShapeReads", [[2, 3]]),
        new("LoopOverTimeAxis", """
            [Differentiable]
            public static Tensor LoopOverTimeAxis(Tensor x, Tensor w)
            {
                var h = w;
                for (int t = 0; t < x.Size(0); t++)
                {
                    h = Tensor.Tanh(h * w + x);
                }

                for (int t = 0; t < x.Shape[1] - 1; t++)
                {
                    h = h * w;
                }

                return h;
            }
        """, "LoopOverTimeAxis", [[3, 2], [3, 2]]),

        // Comparisons as masks and conditions.
        new("LeakyWhere", """
            [Differentiable]
            public static Tensor LeakyWhere(Tensor x) => Tensor.Where(x > 0.0, x, 0.01 * x) + Tensor.Where(Tensor.Lt(x, 0.2), x * x, x);
        """, "LeakyWhere", [[2, 3]]),
        new("RelationalPattern", """
            [Differentiable]
            public static double RelationalPattern(double x) => x is > 0 and < 1 ? x * x : x is not 0.0 ? 2 * x : x;
        """, "RelationalPattern", Scalar),

        // System.Math functions with rules.
        new("MathTwoArguments", """
            [Differentiable]
            public static double MathTwoArguments(double y, double x) =>
                Math.Atan2(y, x) + Math.Clamp(x * y, -0.3, 0.3) + Math.Log(x * x + 1, 3.0) + Math.Log(2.0, y * y + 2)
                + Math.FusedMultiplyAdd(x, y, x * x) + Math.Clamp(0.5, x, y + 2);
        """, "MathTwoArguments", Scalar),
        new("Rounding", """
            [Differentiable]
            public static double Rounding(double x) =>
                Math.Round(x) + Math.Floor(x) * x + Math.Ceiling(x) + Math.Truncate(x) + Math.Sign(x) * x
                + Math.Round(x, 1) + Math.Round(x, MidpointRounding.AwayFromZero);
        """, "Rounding", Scalar),
        new("MathFTwins", """
            [Differentiable]
            public static float MathFTwins(float y, float x) =>
                MathF.Atan2(y, x) + Math.Clamp(x, -0.95f, 0.5f) + MathF.Log(x * x + 1, 3f) + MathF.FusedMultiplyAdd(x, y, x)
                + MathF.Round(y + 2) + MathF.Floor(x) + MathF.Ceiling(y) + MathF.Truncate(y) + MathF.Sign(x) * y;
        """, "MathFTwins", Scalar),
    ];

    public static TheoryData<string> ScalarNames => new(All.Where(c => c.TensorShapes.Length == 0).Select(c => c.Name));

    public static TheoryData<string> TensorNames => new(All.Where(c => c.TensorShapes.Length > 0).Select(c => c.Name));

    [Theory]
    [MemberData(nameof(ScalarNames))]
    public void ScalarBackwardMatchesFiniteDifferences(string name) => GeneratedCodeTests.CheckScalar(Compile(name), ByName(name));

    [Theory]
    [MemberData(nameof(TensorNames))]
    public void TensorBackwardMatchesFiniteDifferences(string name) => GeneratedCodeTests.CheckTensor(Compile(name), ByName(name));

    [Fact]
    public void CatReplaysTheCallIntoEachElementAndTheAnalyzersSeeTheDependence()
    {
        var (_, result) = GeneratorHarness.Run(GeneratorHarness.Compilation(ByName("Cat").Source));
        var text = result.GeneratedSources.Single(s => s.HintName == ByName("Cat").HintName).SourceText.ToString();
        Assert.Contains("Autograd.Grad(", text);
        Assert.DoesNotContain("ZerosLike", text);
    }

    [Fact]
    public void CreationOpsAreConstantsNotReplays()
    {
        var (_, result) = GeneratorHarness.Run(GeneratorHarness.Compilation(ByName("CreationOps").Source));
        var text = result.GeneratedSources.Single(s => s.HintName == ByName("CreationOps").HintName).SourceText.ToString();
        Assert.DoesNotContain("Autograd.Grad(", text);
    }

    [Fact]
    public void IsNullOnANonDifferentiableValueIsACondition()
    {
        var testCase = new GeneratorCase("IsNull", """
                [Differentiable]
                public static double IsNull(double x, int[]? weights)
                {
                    if (weights is null)
                    {
                        return x * x;
                    }

                    return weights.Length * x;
                }
            """, "IsNull", Scalar);
        var compiled = CompiledCase.Load(GeneratorHarness.Run(GeneratorHarness.Compilation(testCase.Source)).Output);
        foreach (var x in new[] { -0.7, 0.4, 1.3 })
        {
            Assert.Equal(2 * x, (double)compiled.Invoke("IsNullBackward", 1.0, x, null)!, 14);
            Assert.Equal(3.0, (double)compiled.Invoke("IsNullBackward", 1.0, x, new[] { 1, 2, 3 })!, 14);
        }
    }

    [Fact]
    public void AUserRuleReplacesTheGeneratedBackwardAndGradient()
    {
        // The rule is deliberately not the body's derivative (it drops the 1 / 2 of sqrt'): every generated member must
        // follow the rule, as docs/generator.md promises, not re-derive the body.
        var testCase = new GeneratorCase("ByRule", """
                [Differentiable]
                public static double Smooth(double x) => Math.Sqrt(x * x + 1);

                [DerivativeOf(nameof(Smooth))]
                public static double SmoothRule(double grad, double x, double result) => 2 * grad * x / result;

                [Differentiable]
                public static Tensor Soft(Tensor x) => Tensor.Tanh(x);

                [DerivativeOf(nameof(Soft))]
                public static Tensor SoftRule(Tensor grad, Tensor x) => grad * 3.0;
            """, "Smooth", Scalar);
        var compiled = CompiledCase.Load(GeneratorHarness.Run(GeneratorHarness.Compilation(testCase.Source)).Output);
        foreach (var x in new[] { -0.8, 0.3, 1.7 })
        {
            var rule = 2 * x / Math.Sqrt(x * x + 1);
            Assert.Equal(rule * 0.5, (double)compiled.Invoke("SmoothBackward", 0.5, x)!, 14);
            var gradient = CompiledCase.Elements(compiled.Invoke("SmoothGradient", x));
            Assert.Equal(Math.Sqrt(x * x + 1), (double)gradient[0]!, 14);
            Assert.Equal(rule, (double)gradient[1]!, 14);
        }

        var input = compiled.NewTensor([0.1, -0.4, 0.9], [3]);
        var upstream = compiled.NewTensor([1.0, 2.0, -1.0], [3]);
        Assert.Equal([3.0, 6.0, -3.0], compiled.Data(compiled.Invoke("SoftBackward", upstream, input)!));
    }

    [Fact]
    public void AUserMemberWithAGeneratedMembersSignatureIsLeftToTheUser()
    {
        // Without this, the generated file would fail with CS0111; ADG0002 (tests/Analyzers.Tests) says so instead.
        var source = new GeneratorCase("Taken", """
                [Differentiable]
                public static double Smooth(double x) => Math.Sqrt(x * x + 1);

                [DerivativeOf(nameof(Smooth))]
                public static double SmoothBackward(double grad, double x) => grad * x / Math.Sqrt(x * x + 1);

                [Differentiable]
                public static Tensor Layer(Tensor x) => Tensor.Tanh(x) * x;

                public static Tensor LayerBackward(Tensor grad, Tensor x) => grad;
            """, "Smooth", Scalar).Source;
        var (output, result) = GeneratorHarness.Run(GeneratorHarness.Compilation(source));
        Assert.Empty(GeneratorHarness.Problems(output));
        var compiled = CompiledCase.Load(output);
        Assert.Equal(0.6 / Math.Sqrt(1.36), (double)CompiledCase.Elements(compiled.Invoke("SmoothGradient", 0.6))[1]!, 14);

        // LayerBackward is not a rule of Layer, so a node calling it could give a wrong gradient: no node at all.
        Assert.False(compiled.HasMethod("LayerNode"));
        Assert.DoesNotContain(result.GeneratedSources, s => s.SourceText.ToString().Contains("LayerBackward(global::", StringComparison.Ordinal));
    }

    [Fact]
    public void CommonSubexpressionsAreFoundThroughCommutativity()
    {
        var testCase = new GeneratorCase("Commuted", """
                [Differentiable]
                public static double Commuted(double x, double y) => Math.Exp(100 * (x - y)) + Math.Exp((x - y) * 100) * (y + x) + (x + y);
            """, "Commuted", Scalar);
        var (output, result) = GeneratorHarness.Run(GeneratorHarness.Compilation(testCase.Source));
        var text = result.GeneratedSources.Single(s => s.HintName == testCase.HintName).SourceText.ToString();
        var gradient = text.Substring(text.IndexOf("CommutedGradient(", StringComparison.Ordinal));
        Assert.Equal(1, gradient.Split("global::System.Math.Exp(").Length - 1);
        GeneratedCodeTests.CheckScalar(CompiledCase.Load(output), testCase);
    }

    private static GeneratorCase ByName(string name) => All.Single(c => c.Name == name);

    private static CompiledCase Compile(string name) => GeneratedCodeTests.Compile(ByName(name));
}
