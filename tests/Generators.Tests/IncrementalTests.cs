using System.Collections;
using System.Reflection;
using AutoDiffGen.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace AutoDiffGen.Generators.Tests;

/// <summary>The pipeline is incremental: unchanged methods are not re-lowered, re-differentiated or re-emitted.</summary>
public class IncrementalTests
{
    private static readonly string[] Steps =
    [
        DifferentiableGenerator.Steps.Parse,
        DifferentiableGenerator.Steps.Lower,
        DifferentiableGenerator.Steps.Differentiate,
        DifferentiableGenerator.Steps.Simplify,
        DifferentiableGenerator.Steps.Emit,
    ];

    private const string Unrelated = """
        namespace Other;

        public static class Unrelated
        {
            public static int Answer => 41;
        }
        """;

    [Fact]
    public void EditingAnUnrelatedFileLeavesEveryStepCached()
    {
        var compilation = GeneratorHarness.Compilation(Cases.Rosenbrock.Source, Cases.Gelu.Source.Replace("Functions", "Activations"), Unrelated);
        var driver = GeneratorHarness.Driver(trackSteps: true).RunGenerators(compilation);

        var edited = Replace(compilation, 2, Unrelated.Replace("41", "42"));
        var result = driver.RunGenerators(edited).GetRunResult().Results.Single();

        // Parse reruns on any compilation change (semantic information may have moved) but yields equal models,
        // so every later step is served from the cache.
        var parsed = result.TrackedSteps[DifferentiableGenerator.Steps.Parse].SelectMany(s => s.Outputs).ToList();
        Assert.Equal(2, parsed.Count);
        Assert.All(parsed, o => Assert.Contains(o.Reason, new[] { IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged }));
        foreach (var step in Steps.Skip(1))
        {
            var outputs = result.TrackedSteps[step].SelectMany(s => s.Outputs).ToList();
            Assert.Equal(2, outputs.Count);
            Assert.All(outputs, o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));
        }
    }

    [Fact]
    public void EditingTheMethodsFileWithoutChangingTheMethodStopsAtParse()
    {
        var compilation = GeneratorHarness.Compilation(Cases.Rosenbrock.Source);
        var driver = GeneratorHarness.Driver(trackSteps: true).RunGenerators(compilation);

        // A new member below the method re-parses the file, but the method's model is equal, so nothing downstream runs.
        // (Below: the model holds the method's line numbers for the #line directives, so lines added above do change it.)
        var edited = Replace(compilation, 0, Cases.Rosenbrock.Source + "\n\npublic static class Extra { }\n");
        var result = driver.RunGenerators(edited).GetRunResult().Results.Single();

        Assert.All(result.TrackedSteps[DifferentiableGenerator.Steps.Parse].SelectMany(s => s.Outputs), o => Assert.Equal(IncrementalStepRunReason.Unchanged, o.Reason));
        foreach (var step in Steps.Skip(1))
        {
            Assert.All(result.TrackedSteps[step].SelectMany(s => s.Outputs), o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));
        }
    }

    [Fact]
    public void MovingTheMethodDownRegeneratesItsLineMappings()
    {
        var compilation = GeneratorHarness.Compilation(Cases.Rosenbrock.Source);
        var driver = GeneratorHarness.Driver(trackSteps: true).RunGenerators(compilation);
        var before = driver.GetRunResult().Results.Single().GeneratedSources.Single(s => s.HintName == Cases.Rosenbrock.HintName).SourceText.ToString();

        var edited = Replace(compilation, 0, Cases.Rosenbrock.Source.Replace("namespace Samples;", "namespace Samples;\n\npublic static class Extra { }"));
        var result = driver.RunGenerators(edited).GetRunResult().Results.Single();

        Assert.All(result.TrackedSteps[DifferentiableGenerator.Steps.Emit].SelectMany(s => s.Outputs), o => Assert.Equal(IncrementalStepRunReason.Modified, o.Reason));
        var after = result.GeneratedSources.Single(s => s.HintName == Cases.Rosenbrock.HintName).SourceText.ToString();
        // Two lines were added above the method (Rosenbrock's body is on line 10): only the directives' lines change.
        Assert.Contains("#line (10, 9) - (10, 68)", before);
        Assert.Equal(before.Replace("(10, ", "(12, "), after);
    }

    [Fact]
    public void ChangingTheMethodRegeneratesIt()
    {
        var compilation = GeneratorHarness.Compilation(Cases.Rosenbrock.Source);
        var driver = GeneratorHarness.Driver(trackSteps: true).RunGenerators(compilation);

        var edited = Replace(compilation, 0, Cases.Rosenbrock.Source.Replace("100 *", "50 *"));
        var result = driver.RunGenerators(edited).GetRunResult().Results.Single();

        foreach (var step in Steps)
        {
            Assert.All(result.TrackedSteps[step].SelectMany(s => s.Outputs), o => Assert.Equal(IncrementalStepRunReason.Modified, o.Reason));
        }

        Assert.Contains("50.0", result.GeneratedSources.Single(s => s.HintName == Cases.Rosenbrock.HintName).SourceText.ToString());
    }

    [Fact]
    public void PipelineModelsHoldNoSymbolsSyntaxOrCompilation()
    {
        var compilation = GeneratorHarness.Compilation(Cases.All.Select(c => c.Source.Replace("class Functions", "class " + c.Name + "Functions")).ToArray());
        var result = GeneratorHarness.Driver(trackSteps: true).RunGenerators(compilation).GetRunResult().Results.Single();

        foreach (var step in Steps)
        {
            foreach (var (value, _) in result.TrackedSteps[step].SelectMany(s => s.Outputs))
            {
                AssertNoRoslynObjects(value, new HashSet<object>(ReferenceEqualityComparer.Instance), step);
            }
        }
    }

    private static void AssertNoRoslynObjects(object? value, HashSet<object> seen, string path)
    {
        if (value is null || value is string || value.GetType().IsPrimitive || value.GetType().IsEnum || !seen.Add(value))
        {
            return;
        }

        Assert.False(
            value is ISymbol or SyntaxNode or Compilation or SemanticModel or IOperation or SyntaxTree,
            $"{path} holds a {value.GetType().Name}, which would keep the compilation alive and defeat caching");
        if (value is IEnumerable items)
        {
            foreach (var item in items)
            {
                AssertNoRoslynObjects(item, seen, path + "[]");
            }
        }

        foreach (var field in value.GetType().GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
        {
            AssertNoRoslynObjects(field.GetValue(value), seen, path + "." + field.Name);
        }
    }

    private static Compilation Replace(Compilation compilation, int index, string source)
    {
        var old = compilation.SyntaxTrees.ElementAt(index);
        return compilation.ReplaceSyntaxTree(old, CSharpSyntaxTree.ParseText(source, GeneratorHarness.ParseOptions, old.FilePath));
    }
}
