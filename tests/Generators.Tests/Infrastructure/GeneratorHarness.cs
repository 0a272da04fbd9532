using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace AutoDiffGen.Generators.Tests.Infrastructure;

/// <summary>Runs <see cref="DifferentiableGenerator"/> over in-memory sources the way the compiler does.</summary>
internal static class GeneratorHarness
{
    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    /// <summary>A library of <paramref name="sources"/>, compiled as the runtime's friend (see <see cref="TestRuntime.FriendAssemblyName"/>).</summary>
    public static CSharpCompilation Compilation(params string[] sources) => Library(TestRuntime.FriendAssemblyName, sources);

    /// <summary>A library of <paramref name="sources"/> named <paramref name="assemblyName"/>, referencing the runtime.</summary>
    public static CSharpCompilation Library(string assemblyName, string[] sources, params MetadataReference[] references) => CSharpCompilation.Create(
        assemblyName,
        sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, ParseOptions, path: $"Source{i}.cs")),
        TestRuntime.References.Concat(references),
        new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    public static GeneratorDriver Driver(bool trackSteps = false) => CSharpGeneratorDriver.Create(
        new[] { new DifferentiableGenerator().AsSourceGenerator() },
        parseOptions: ParseOptions,
        driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: trackSteps));

    /// <summary>Runs the generator; returns the compilation with generated files added and the generator's own diagnostics.</summary>
    public static (Compilation Output, GeneratorRunResult Result) Run(Compilation compilation)
    {
        var driver = Driver().RunGeneratorsAndUpdateCompilation(compilation, out var output, out _);
        return (output, driver.GetRunResult().Results.Single());
    }

    /// <summary>Generated file text by hint name.</summary>
    public static ImmutableDictionary<string, string> Files(GeneratorRunResult result) =>
        result.GeneratedSources.ToImmutableDictionary(s => s.HintName, s => s.SourceText.ToString());

    /// <summary>Errors and warnings of <paramref name="compilation"/>, formatted one per line.</summary>
    public static string[] Problems(Compilation compilation) => compilation.GetDiagnostics()
        .Where(d => d.Severity >= DiagnosticSeverity.Warning)
        .Select(d => d.ToString())
        .ToArray();
}
