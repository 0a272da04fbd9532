using System.Collections.Immutable;
using AutoDiffGen.Analyzers.Tests.Infrastructure;
using AutoDiffGen.Generators.Tests;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace AutoDiffGen.Analyzers.Tests.Repository;

/// <summary>
/// The analyzers over the repository's own code: every <c>[Differentiable]</c> method and <c>[DerivativeOf]</c> rule in
/// src/ and samples/, and every snapshot case of the generator. Code the generator accepts must get no error and no
/// warning except the advisory ADG1008 (a branch on a differentiable value, which those cases have on purpose).
/// </summary>
public class NoFalsePositivesTests
{
    /// <summary>The one warning the generator's cases trigger by design: Relu-style branches on a differentiable value.</summary>
    private static readonly ImmutableHashSet<string> Advisory = ImmutableHashSet.Create("ADG1008");

    /// <summary>The runtime grants this assembly name its internals, so its internal [DerivativeOf] rules are visible.</summary>
    private const string FriendAssemblyName = "AutoDiffGen.Generators.Tests.Generated";

    /// <summary>What the SDK's ImplicitUsings adds to every project of the repository.</summary>
    private const string ImplicitUsings = """
        global using System;
        global using System.Collections.Generic;
        global using System.IO;
        global using System.Linq;
        global using System.Net.Http;
        global using System.Threading;
        global using System.Threading.Tasks;
        """;

    /// <summary>
    /// Runtime rules that do not follow the [DerivativeOf] convention, so the generator cannot compose them (the tape,
    /// which calls them by hand, is unaffected). True positives, listed so this test shows exactly what is left to fix
    /// in the runtime: an index or mask tensor needs [NoDerivative] on the op's parameter, Concat's rule takes
    /// parameters the op does not have, and the two "Self" rules name with Wrt a receiver parameter they do not take.
    /// Remove an entry when its rule is fixed (the test fails until you do).
    /// </summary>
    private static readonly ImmutableHashSet<string> KnownRuntimeRuleMismatches = ImmutableHashSet.Create(
        "GatherBackward", "IndexSelectBackward", "MaskedFillBackward", "ConcatBackward", "IndexAddBackwardSelf", "ScatterAddBackwardSelf");

    public static TheoryData<string> CaseNames => Cases.Names;

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void GeneratorSnapshotCase(string name)
    {
        var source = Cases.ByName(name).Source;
        var compilation = AnalyzerHarness.Compile(FriendAssemblyName, AnalyzerHarness.References, source);
        AssertNoFalsePositives(AnalyzerHarness.Diagnostics(compilation));
    }

    [Fact]
    public void GeneratorSnapshotCasesAsSeenFromAnotherAssembly()
    {
        // A user's assembly sees none of the runtime's internal rules; the generator falls back to tape replay.
        foreach (var generatorCase in Cases.All)
        {
            AssertNoFalsePositives(AnalyzerHarness.Diagnostics(AnalyzerHarness.Compile(generatorCase.Source)), generatorCase.Name);
        }
    }

    [Fact]
    public void RuntimeSources()
    {
        // The runtime's own rules are the model every user rule follows: ADG1009 must accept every one of them.
        var files = RepositoryPaths.SourceFiles(Path.Combine("src", "Runtime")).ToList();
        Assert.NotEmpty(files);
        var references = AnalyzerHarness.References
            .Where(r => !string.Equals(Path.GetFileName(r.Display), "AutoDiffGen.dll", StringComparison.OrdinalIgnoreCase))
            .Append(MetadataReference.CreateFromFile(typeof(System.Numerics.Tensors.TensorPrimitives).Assembly.Location));
        var source = CSharpCompilation.Create(
            "AutoDiffGen",
            Trees(files),
            references,
            AnalyzerHarness.CompilationOptions.WithAllowUnsafe(true));

        // The runtime's composite ops call their generated single-node versions, so the generator runs first, as in its build.
        CSharpGeneratorDriver.Create(new[] { new AutoDiffGen.Generators.DifferentiableGenerator().AsSourceGenerator() }, parseOptions: RepositoryParseOptions)
            .RunGeneratorsAndUpdateCompilation(source, out var compilation, out _);
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Take(5).ToList();
        Assert.True(errors.Count == 0, "The runtime does not compile in memory:\n" + string.Join("\n", errors));

        var rules = compilation.GetSymbolsWithName(_ => true, SymbolFilter.Member).OfType<IMethodSymbol>()
            .Count(m => m.GetAttributes().Any(a => a.AttributeClass?.Name == "DerivativeOfAttribute"));
        Assert.True(rules > 0, "no [DerivativeOf] rule found in the runtime");
        var diagnostics = AnalyzerHarness.Diagnostics(compilation);
        var known = diagnostics.Where(d => d.Id == "ADG1009" && KnownRuntimeRuleMismatches.Any(name => d.GetMessage().StartsWith($"[DerivativeOf] rule '{name}'", StringComparison.Ordinal))).ToList();
        Assert.Equal(KnownRuntimeRuleMismatches.OrderBy(n => n), known.Select(d => d.GetMessage().Split('\'')[1]).OrderBy(n => n));
        AssertNoFalsePositives(diagnostics.Except(known).ToImmutableArray());
    }

    [Fact]
    public void DifferentiableMethodsInSourceAndSamples()
    {
        // Each project folder under src/ (the runtime is checked above) and samples/ that declares a [Differentiable]
        // method is compiled on its own against the runtime; a folder with none is skipped.
        var folders = new[] { "src", "samples" }
            .SelectMany(top => Directory.Exists(Path.Combine(RepositoryPaths.Root, top))
                ? Directory.EnumerateDirectories(Path.Combine(RepositoryPaths.Root, top))
                : [])
            .Where(folder => Path.GetFileName(folder) is not ("Runtime" or "Generators" or "Analyzers"));
        foreach (var folder in folders)
        {
            var files = RepositoryPaths.SourceFiles(Path.GetRelativePath(RepositoryPaths.Root, folder)).ToList();
            if (!files.Any(f => File.ReadAllText(f).Contains("[Differentiable", StringComparison.Ordinal)))
            {
                continue;
            }

            var source = CSharpCompilation.Create(
                Path.GetFileName(folder),
                Trees(files),
                SampleReferences,
                AnalyzerHarness.CompilationOptions.WithOutputKind(OutputKind.ConsoleApplication));

            // The samples call generated members (MishNode, RosenbrockGradient), so the generator runs first, as in their build.
            CSharpGeneratorDriver.Create(new[] { new AutoDiffGen.Generators.DifferentiableGenerator().AsSourceGenerator() }, parseOptions: RepositoryParseOptions)
                .RunGeneratorsAndUpdateCompilation(source, out var compilation, out _);
            var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Take(5).ToList();
            Assert.True(errors.Count == 0, $"{folder} does not compile in memory (add the references it needs here):\n" + string.Join("\n", errors));
            AssertNoFalsePositives(AnalyzerHarness.Diagnostics(compilation), folder);
        }
    }

    /// <summary>The runtime and .NET, plus the packages samples use beside the library (ScottPlot for samples/Classics' plots).</summary>
    private static readonly ImmutableArray<MetadataReference> SampleReferences = AnalyzerHarness.References
        .Add(MetadataReference.CreateFromFile(typeof(ScottPlot.Plot).Assembly.Location))
        .Add(MetadataReference.CreateFromFile(typeof(SkiaSharp.SKColor).Assembly.Location));

    // NOTE: the repository builds with the .NET 10 SDK's C# 14; this Roslyn (4.14, the newest the SDK's compiler loads)
    // has C# 14's first-class spans only under Preview.
    private static readonly CSharpParseOptions RepositoryParseOptions = new(LanguageVersion.Preview);

    private static IEnumerable<SyntaxTree> Trees(IEnumerable<string> files) => files
        .Select(f => CSharpSyntaxTree.ParseText(File.ReadAllText(f), RepositoryParseOptions, path: f))
        .Append(CSharpSyntaxTree.ParseText(ImplicitUsings, RepositoryParseOptions, path: "ImplicitUsings.g.cs"));

    private static void AssertNoFalsePositives(ImmutableArray<Diagnostic> diagnostics, string? where = null)
    {
        var problems = diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning && !Advisory.Contains(d.Id)).ToList();
        Assert.True(problems.Count == 0, $"{where} false positives:\n" + string.Join("\n", problems));
    }
}
