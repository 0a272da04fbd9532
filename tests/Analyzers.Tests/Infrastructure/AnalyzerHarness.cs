using System.Collections.Immutable;
using System.Reflection;
using AutoDiffGen.Analyzers.Shared;
using Basic.Reference.Assemblies;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace AutoDiffGen.Analyzers.Tests.Infrastructure;

/// <summary>Compiles test code in memory against .NET 10 and the AutoDiffGen runtime, and runs every AutoDiffGen analyzer on it.</summary>
internal static class AnalyzerHarness
{
    /// <summary>Usings every test source starts with.</summary>
    public const string Usings = "using System;\nusing AutoDiffGen;\nusing static AutoDiffGen.Differentiation;\n\n";

    public static readonly ImmutableArray<MetadataReference> References = Net100.References.All
        .Cast<MetadataReference>()
        .Append(MetadataReference.CreateFromFile(typeof(Tensor).Assembly.Location))
        .ToImmutableArray();

    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    public static readonly CSharpCompilationOptions CompilationOptions = new(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable);

    /// <summary>Every concrete analyzer in the analyzer assembly, found by reflection so a new rule is never forgotten.</summary>
    public static readonly ImmutableArray<DiagnosticAnalyzer> Analyzers = typeof(MethodRuleAnalyzer).Assembly.GetTypes()
        .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && t.GetCustomAttribute<DiagnosticAnalyzerAttribute>() is not null)
        .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
        .ToImmutableArray();

    public static CSharpCompilation Compile(params string[] sources) => Compile(References, sources);

    public static CSharpCompilation Compile(IEnumerable<MetadataReference> references, params string[] sources) =>
        Compile("TestAssembly", references, sources);

    public static CSharpCompilation Compile(string assemblyName, IEnumerable<MetadataReference> references, params string[] sources)
    {
        var trees = sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, ParseOptions, path: $"Test{i}.cs"));
        var compilation = CSharpCompilation.Create(assemblyName, trees, references, CompilationOptions);
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count == 0, "Test source does not compile:\n" + string.Join("\n", errors));
        return compilation;
    }

    /// <summary>The AutoDiffGen diagnostics of <paramref name="compilation"/>, in source order.</summary>
    public static ImmutableArray<Diagnostic> Diagnostics(Compilation compilation)
    {
        var options = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), onAnalyzerException: null, concurrentAnalysis: false, logAnalyzerExecutionTime: false);
        var diagnostics = compilation.WithAnalyzers(Analyzers, options).GetAllDiagnosticsAsync().GetAwaiter().GetResult();
        var failures = diagnostics.Where(d => d.Id == "AD0001").ToList();
        Assert.True(failures.Count == 0, "An analyzer threw:\n" + string.Join("\n", failures));
        return diagnostics
            .Where(d => d.Id.StartsWith("ADG", StringComparison.Ordinal))
            .OrderBy(d => d.Location.SourceTree?.FilePath, StringComparer.Ordinal)
            .ThenBy(d => d.Location.SourceSpan.Start)
            .ToImmutableArray();
    }

    /// <summary>The AutoDiffGen diagnostics of one source (usings are added first).</summary>
    public static ImmutableArray<Diagnostic> Diagnostics(string source) => Diagnostics(Compile(Usings + source));

    /// <summary>
    /// Asserts that <paramref name="id"/> fires exactly at the <c>[|...|]</c> spans of <paramref name="markup"/> (and
    /// nowhere else), and returns those diagnostics for message checks.
    /// </summary>
    public static List<Diagnostic> Verify(string id, string markup)
    {
        var (source, spans) = Markup.Parse(Usings + markup);
        var diagnostics = Diagnostics(Compile(source)).Where(d => d.Id == id).ToList();
        var actual = diagnostics.Select(d => d.Location.SourceSpan).ToList();
        Assert.True(
            spans.SequenceEqual(actual),
            $"{id}: expected spans [{string.Join(", ", spans.Select(s => $"'{source.Substring(s.Start, s.Length)}'"))}] "
            + $"but got [{string.Join(", ", diagnostics.Select(d => $"'{source.Substring(d.Location.SourceSpan.Start, d.Location.SourceSpan.Length)}': {d.GetMessage()}"))}]");
        return diagnostics;
    }

    /// <summary>Asserts that no AutoDiffGen diagnostic of <paramref name="severityAtLeast"/> or worse fires on <paramref name="source"/>.</summary>
    public static void VerifyClean(string source, DiagnosticSeverity severityAtLeast = DiagnosticSeverity.Info)
    {
        var diagnostics = Diagnostics(source).Where(d => d.Severity >= severityAtLeast).ToList();
        Assert.True(diagnostics.Count == 0, "Expected no diagnostics but got:\n" + string.Join("\n", diagnostics.Select(d => $"{d.Id} at '{d.Location.SourceTree!.ToString().Substring(d.Location.SourceSpan.Start, d.Location.SourceSpan.Length)}': {d.GetMessage()}")));
    }
}
