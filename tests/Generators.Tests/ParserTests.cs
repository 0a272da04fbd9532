using AutoDiffGen.Generators.Model;
using AutoDiffGen.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace AutoDiffGen.Generators.Tests;

/// <summary>What Parse accepts and resolves, and that unsupported or broken input is skipped without a throw or a diagnostic.</summary>
public class ParserTests
{
    [Fact]
    public void ParameterDifferentiabilityFollowsTypeAndNoDerivative()
    {
        var spec = ParseSingle("""
            [Differentiable]
            public static double F(double x, [NoDerivative] double k, int n, float y) => k * x + n * y;
            """);

        Assert.Equal(
            [("x", true), ("k", false), ("n", false), ("y", true)],
            spec.Parameters.Select(p => (p.Name, p.IsDifferentiable)));
        Assert.Equal(ValueKind.Double, spec.ReturnType.Kind);
        Assert.Equal("Samples", spec.Namespace);
        Assert.Equal("Functions.F.g.cs", spec.HintName);
    }

    [Fact]
    public void TensorMethodsDifferentiateOnlyTheirTensorParameters()
    {
        var spec = ParseSingle("""
            [Differentiable]
            public static Tensor F(Tensor x, double scale, [NoDerivative] Tensor mask, int axis) => x * scale * mask;
            """);

        Assert.Equal([true, false, false, false], spec.Parameters.Select(p => p.IsDifferentiable));
    }

    [Fact]
    public void CallsResolveToBuiltinRulesWithoutDerivativeAndGeneratedBackwards()
    {
        var spec = ParseSingle("""
            [Differentiable]
            public static double Inner(double a, double b) => a * b;

            [Differentiable]
            public static double F(double x) => Math.Sin(x) + Differentiation.WithoutDerivative(x) + Inner(x, 2) + Math.Floor(x) + Math.IEEERemainder(x, 2);
            """, "F");

        var calls = Calls(spec.Body[0].Value!).ToDictionary(c => c.Name);
        Assert.Equal(CallKind.Builtin, calls["Sin"].Kind);
        Assert.Equal(CallKind.WithoutDerivative, calls["WithoutDerivative"].Kind);
        Assert.Equal(CallKind.Builtin, calls["Floor"].Kind);
        Assert.Equal(CallKind.Plain, calls["IEEERemainder"].Kind);
        var inner = Assert.Single(calls["Inner"].Rules);
        Assert.Equal("global::Samples.Functions.InnerBackward", inner.Target);
        Assert.Equal(["grad", "a", "b"], inner.Bindings);
        Assert.Equal(["a", "b"], inner.Returns);
    }

    [Fact]
    public void RulesBindByParameterNameAndReceiver()
    {
        var spec = ParseSingle("""
            [Differentiable]
            public static Tensor F(Tensor x, Tensor w) => Tensor.MatMul(x, w).Reshape(-1);
            """);

        var calls = Calls(spec.Body[0].Value!).ToDictionary(c => c.Name);
        Assert.Equal(["a", "b"], calls["MatMul"].Rules.SelectMany(r => r.Returns).OrderBy(n => n));
        var reshape = Assert.Single(calls["Reshape"].Rules);
        Assert.Equal(["grad", "this"], reshape.Bindings);
        Assert.Equal(["this"], reshape.Returns);
    }

    [Fact]
    public void AUsersOwnRuleIsRecorded()
    {
        var spec = ParseSingle(Cases.UserRuleWins.Members, "Smooth");
        Assert.True(spec.HasUserRule);
    }

    [Theory]
    [InlineData("syntax error", "[Differentiable] public static double F(double x) => x *;")]
    [InlineData("half-typed member access", "[Differentiable] public static double F(double x) => x.;")]
    [InlineData("unknown method", "[Differentiable] public static double F(double x) => Missing(x);")]
    [InlineData("unknown type", "[Differentiable] public static Matrix F(Matrix x) => x;")]
    [InlineData("missing return", "[Differentiable] public static double F(double x) { var y = x; }")]
    [InlineData("no body", "[Differentiable] public static partial double F(double x);")]
    [InlineData("instance method", "[Differentiable] public double F(double x) => x * x;")]
    [InlineData("generic method", "[Differentiable] public static T F<T>(T x) => x;")]
    [InlineData("while loop", "[Differentiable] public static double F(double x) { var y = x; while (y < 10) { y = y * x; } return y; }")]
    [InlineData("do loop", "[Differentiable] public static double F(double x, int n) { var y = x; var i = 0; do { y = y * x; i++; } while (i < n); return y; }")]
    [InlineData("break", "[Differentiable] public static double F(double x, int n) { var y = x; for (var i = 0; i < n; i++) { if (y > 10) { break; } y = y * x; } return y; }")]
    [InlineData("continue", "[Differentiable] public static double F(double x, int n) { var y = x; for (var i = 0; i < n; i++) { if (i == 2) { continue; } y = y * x; } return y; }")]
    [InlineData("return inside a loop", "[Differentiable] public static double F(double x, int n) { var y = x; for (var i = 0; i < n; i++) { if (y > 10) { return y; } y = y * x; } return y; }")]
    [InlineData("bound from a differentiable value", "[Differentiable] public static double F(double x) { var y = x; for (var i = 0; i < (int)x; i++) { y = y * x; } return y; }")]
    [InlineData("bound from a local computed from a differentiable value", "[Differentiable] public static double F(double x) { var n = (int)(x * 3); var y = x; for (var i = 0; i < n; i++) { y = y * x; } return y; }")]
    [InlineData("counter written in the body", "[Differentiable] public static double F(double x, int n) { var y = x; for (var i = 0; i < n; i++) { y = y * x; i += 1; } return y; }")]
    [InlineData("bound written in the body", "[Differentiable] public static double F(double x) { var n = 4; var y = x; for (var i = 0; i < n; i++) { y = y * x; n = n - 1; } return y; }")]
    [InlineData("counting down", "[Differentiable] public static double F(double x, int n) { var y = x; for (var i = n; i > 0; i--) { y = y * x; } return y; }")]
    [InlineData("two counters", "[Differentiable] public static double F(double x, int n) { var y = x; for (int i = 0, j = 1; i < n; i++) { y = y * x; } return y; }")]
    [InlineData("foreach over a list", "[Differentiable] public static double F(double x, System.Collections.Generic.List<double> xs) { var y = x; foreach (var v in xs) { y = y * v; } return y; }")]
    [InlineData("local first assigned in a loop", "[Differentiable] public static double F(double x, int n) { double y; y = x; double z; for (var i = 0; i < n; i++) { z = y * x; y = z; } return y; }")]
    [InlineData("element of an array built from differentiable values", "[Differentiable] public static double F(double x, double y) { var a = new[] { x, y }; return a[0] * a[1]; }")]
    [InlineData("remainder of a differentiable value", "[Differentiable] public static double F(double x) => x % 2;")]
    [InlineData("call without a rule", "[Differentiable] public static double F(double x) => Math.Floor(x) * x + Opaque(x); static double Opaque(double v) => v;")]
    [InlineData("ref parameter", "[Differentiable] public static double F(ref double x) => x * x;")]
    [InlineData("void return", "[Differentiable] public static void F(double x) { }")]
    [InlineData("integer return", "[Differentiable] public static int F(int x) => x * x;")]
    [InlineData("parameter named grad", "[Differentiable] public static double F(double grad) => grad * grad;")]
    [InlineData("no differentiable parameter", "[Differentiable] public static double F([NoDerivative] double x) => x * x;")]
    [InlineData("local function", "[Differentiable] public static double F(double x) { double G(double v) => v * v; return G(x); }")]
    [InlineData("lambda", "[Differentiable] public static double F(double x) { System.Func<double, double> g = v => v * v; return g(x); }")]
    [InlineData("recursion", "[Differentiable] public static double F(double x) => x > 1 ? F(x / 2) : x;")]
    public void UnsupportedOrBrokenMethodsAreSkippedSilently(string what, string member)
    {
        var testCase = new GeneratorCase(what, "    " + member, "F", []);
        var (_, result) = GeneratorHarness.Run(GeneratorHarness.Compilation(testCase.Source));

        Assert.Null(result.Exception);
        Assert.Empty(result.Diagnostics);
        Assert.Empty(result.GeneratedSources);
    }

    [Fact]
    public void CountedLoopsParseToOneForStatementWithTheirHeader()
    {
        var spec = ParseSingle("""
            [Differentiable]
            public static double F(double x, int n, double[] xs)
            {
                var y = x;
                for (int i = 1; i <= n; i += 2)
                {
                    y = y * x;
                }

                foreach (var v in xs)
                {
                    y += v;
                }

                return y;
            }
            """);

        var loops = spec.Body.Where(s => s.Kind == StatementKind.For).ToList();
        Assert.Equal(2, loops.Count);
        Assert.Equal(("i", "1", "n", true, 2), (loops[0].Loop!.Counter, loops[0].Loop!.Start.Text, loops[0].Loop!.Bound.Text, loops[0].Loop!.Inclusive, loops[0].Loop!.Step));
        Assert.Equal("for (int i = 1; i <= n; i += 2)", loops[0].Source);

        // foreach (var v in xs) is an index loop whose body starts by reading the element.
        var forEach = loops[1];
        Assert.Equal("foreach (var v in xs)", forEach.Source);
        Assert.Equal(("Length", false, 1), (forEach.Loop!.Bound.Text, forEach.Loop.Inclusive, forEach.Loop.Step));
        Assert.Equal(StatementKind.Declare, forEach.Then[0].Kind);
        Assert.Equal("v", forEach.Then[0].Name);
        Assert.Equal(ExpressionKind.ArrayElement, forEach.Then[0].Value!.Kind);
        Assert.NotEqual("v", forEach.Loop.Counter);
    }

    [Fact]
    public void NonPartialTypesAreSkipped()
    {
        var (_, result) = GeneratorHarness.Run(GeneratorHarness.Compilation("""
            using AutoDiffGen;

            public static class NotPartial
            {
                [Differentiable]
                public static double F(double x) => x * x;
            }

            public partial class Outer
            {
                public static class InnerNotPartial
                {
                    [Differentiable]
                    public static double G(double x) => x * x;
                }
            }
            """));

        Assert.Null(result.Exception);
        Assert.Empty(result.GeneratedSources);
    }

    [Fact]
    public void ABrokenMethodDoesNotStopItsNeighbours()
    {
        var testCase = new GeneratorCase("neighbours", """
                [Differentiable]
                public static double Broken(double x) => x.Nope();

                [Differentiable]
                public static double Fine(double x) => x * x;
            """, "Fine", []);
        var (_, result) = GeneratorHarness.Run(GeneratorHarness.Compilation(testCase.Source));

        Assert.Null(result.Exception);
        Assert.Equal(["Functions.Fine.Elementwise.g.cs", "Functions.Fine.g.cs"], result.GeneratedSources.Select(s => s.HintName).OrderBy(n => n));
    }

    [Fact]
    public void OverloadsAndNamesakesGetDistinctFiles()
    {
        var (output, result) = GeneratorHarness.Run(GeneratorHarness.Compilation(
            new GeneratorCase("overloads", """
                    [Differentiable]
                    public static double F(double x) => x * x;

                    [Differentiable]
                    public static float F(float x) => x * x;
                """, "F", []).Source,
            """
            using AutoDiffGen;

            namespace Elsewhere;

            public static partial class Functions
            {
                [Differentiable]
                public static double F(double x, double y) => x * y;
            }
            """));

        Assert.Null(result.Exception);
        // F(double) and F(float) would both get the tensor overload F(Tensor), so neither does; Elsewhere's F does.
        Assert.Equal(
            ["Functions.F.2.g.cs", "Functions.F.3.g.cs", "Functions.F.Elementwise.g.cs", "Functions.F.g.cs"],
            result.GeneratedSources.Select(s => s.HintName).OrderBy(n => n, StringComparer.Ordinal));
        Assert.Empty(GeneratorHarness.Problems(output));
    }

    [Fact]
    public void NestedTypesAndTheGlobalNamespaceAreSupported()
    {
        var (output, result) = GeneratorHarness.Run(GeneratorHarness.Compilation("""
            using AutoDiffGen;

            public partial class Outer
            {
                internal partial struct Inner
                {
                    [Differentiable]
                    internal static double F(double x) => x * x;
                }
            }
            """));

        var file = Assert.Single(result.GeneratedSources, s => !s.HintName.Contains(".Elementwise.", StringComparison.Ordinal));
        Assert.Equal("Outer.Inner.F.g.cs", file.HintName);
        Assert.Contains("partial struct Inner", file.SourceText.ToString());
        Assert.Empty(GeneratorHarness.Problems(output));
    }

    private static MethodSpec ParseSingle(string members, string method = "F")
    {
        var source = new GeneratorCase("parse", members, method, []).Source;
        var result = GeneratorHarness.Driver(trackSteps: true)
            .RunGenerators(GeneratorHarness.Compilation(source))
            .GetRunResult().Results.Single();
        Assert.Null(result.Exception);
        return result.TrackedSteps[DifferentiableGenerator.Steps.Parse]
            .SelectMany(s => s.Outputs)
            .Select(o => o.Value)
            .OfType<MethodSpec>()
            .Single(s => s.Name == method);
    }

    private static IEnumerable<CallSpec> Calls(ExpressionSpec expression)
    {
        if (expression.Call is { } call)
        {
            yield return call;
        }

        foreach (var inner in expression.Args.SelectMany(Calls))
        {
            yield return inner;
        }
    }
}
