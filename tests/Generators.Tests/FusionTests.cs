using System.Runtime.CompilerServices;
using AutoDiffGen.Generators.Tests.Infrastructure;

namespace AutoDiffGen.Generators.Tests;

/// <summary>
/// Elementwise fusion: the generated <c>{Type}.{Method}.Elementwise.g.cs</c> files (snapshots in
/// Snapshots/FusionTests.{Case}.verified.cs), and which methods get one.
/// </summary>
public class FusionTests
{
    [Fact] public void ScalarGelu() => Verify(FusionCases.ScalarGelu);
    [Fact] public void Blend() => Verify(FusionCases.Blend);
    [Fact] public void Piecewise() => Verify(FusionCases.Piecewise);
    [Fact] public void IfElse() => Verify(Cases.IfElse);
    [Fact] public void Gated() => Verify(FusionCases.Gated);

    /// <summary>A purely elementwise tensor method: its fused FNode lives in the Elementwise file.</summary>
    [Fact] public void Gelu() => Verify(Cases.Gelu);

    [Fact]
    public void TheMainFileOfAFusedTensorMethodHasNoNode()
    {
        var files = Generate(Cases.Gelu.Source);
        Assert.DoesNotContain("GeluNode", files["Functions.Gelu.g.cs"]);
        Assert.Contains("GeluNode", files["Functions.Gelu.Elementwise.g.cs"]);
    }

    [Theory]
    [InlineData("Layer")]
    [InlineData("SumOfSquares")]
    [InlineData("LogSoftmax")]
    [InlineData("TensorAxis")]
    public void MethodsThatAreNotElementwiseAreNotFused(string name)
    {
        var files = Generate(Cases.ByName(name).Source);
        Assert.DoesNotContain(files.Keys, k => k.Contains(".Elementwise.", StringComparison.Ordinal));
        Assert.Contains(name + "Node", files[Cases.ByName(name).HintName]);
    }

    [Theory]
    [InlineData("IntegerParameter")]
    [InlineData("NestedIf")]
    [InlineData("UserRule")]
    public void ScalarMethodsWithoutABlockwiseFormAreNotFused(string name) =>
        Assert.DoesNotContain(Generate(Cases.ByName(name).Source).Keys, k => k.Contains(".Elementwise.", StringComparison.Ordinal));

    [Fact]
    public void NoOverloadWhenTheUserDeclaredOne()
    {
        var files = Generate(FusionCases.ScalarGelu.Source.Replace(
            "[Differentiable]",
            "public static Tensor ScalarGelu(Tensor x) => x;\n\n    [Differentiable]"));
        Assert.DoesNotContain("Functions.ScalarGelu.Elementwise.g.cs", files.Keys);
        Assert.Contains("Functions.ScalarGelu.g.cs", files.Keys);
    }

    [Fact]
    public void NoOverloadWhenTwoDifferentiableOverloadsWouldShareIt()
    {
        var files = Generate(FusionCases.ScalarGelu.Source.Replace(
            "[Differentiable]",
            "[Differentiable]\n    public static double ScalarGelu(double x) => x * x;\n\n    [Differentiable]"));
        Assert.DoesNotContain(files.Keys, k => k.Contains(".Elementwise.", StringComparison.Ordinal));
    }

    [Fact]
    public void EditingAnUnrelatedFileLeavesTheFusedFilesCached()
    {
        var compilation = GeneratorHarness.Compilation(FusionCases.ScalarGelu.Source, "namespace Other; public static class Unrelated { public static int Answer => 41; }");
        var driver = GeneratorHarness.Driver(trackSteps: true).RunGenerators(compilation);
        var old = compilation.SyntaxTrees.ElementAt(1);
        var edited = compilation.ReplaceSyntaxTree(old, Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText(
            "namespace Other; public static class Unrelated { public static int Answer => 42; }", GeneratorHarness.ParseOptions, old.FilePath));

        var result = driver.RunGenerators(edited).GetRunResult().Results.Single();
        var outputs = result.TrackedSteps[DifferentiableGenerator.Steps.Fuse].SelectMany(s => s.Outputs).ToList();
        Assert.Single(outputs);
        Assert.All(outputs, o => Assert.Equal(Microsoft.CodeAnalysis.IncrementalStepRunReason.Cached, o.Reason));
    }

    private static IReadOnlyDictionary<string, string> Generate(string source)
    {
        var (output, result) = GeneratorHarness.Run(GeneratorHarness.Compilation(source));
        Assert.Empty(GeneratorHarness.Problems(output));
        return GeneratorHarness.Files(result);
    }

    private static void Verify(GeneratorCase testCase, [CallerMemberName] string testMethod = "")
    {
        var files = Generate(testCase.Source);
        var hintName = testCase.HintName.Replace(".g.cs", ".Elementwise.g.cs", StringComparison.Ordinal);
        Assert.True(files.ContainsKey(hintName), $"{hintName} not generated; got: {string.Join(", ", files.Keys)}");
        Snapshot.Verify(files[hintName], testMethod);
    }
}
