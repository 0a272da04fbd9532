using System.Collections.Immutable;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace AutoDiffGen.Analyzers.Tests.Infrastructure;

/// <summary>Applies a code fix in an <see cref="AdhocWorkspace"/> and returns the fixed text of every document.</summary>
internal static class CodeFixHarness
{
    public static readonly ImmutableArray<CodeFixProvider> Fixers = typeof(AddPartialCodeFix).Assembly.GetTypes()
        .Where(t => !t.IsAbstract && typeof(CodeFixProvider).IsAssignableFrom(t) && t.GetCustomAttribute<ExportCodeFixProviderAttribute>() is not null)
        .Select(t => (CodeFixProvider)Activator.CreateInstance(t)!)
        .ToImmutableArray();

    /// <summary>
    /// Runs the analyzers on <paramref name="sources"/>, takes the first <paramref name="id"/> diagnostic, applies the
    /// fix whose title starts with <paramref name="titlePrefix"/>, and returns the documents' new text.
    /// </summary>
    public static async Task<string[]> ApplyAsync(string id, string titlePrefix, params string[] sources)
    {
        using var workspace = new AdhocWorkspace();
        var projectId = ProjectId.CreateNewId();
        var solution = workspace.CurrentSolution
            .AddProject(ProjectInfo.Create(projectId, VersionStamp.Default, "Test", "TestAssembly", LanguageNames.CSharp)
                .WithCompilationOptions(AnalyzerHarness.CompilationOptions)
                .WithParseOptions(AnalyzerHarness.ParseOptions)
                .WithMetadataReferences(AnalyzerHarness.References));
        var documentIds = new List<DocumentId>();
        for (var i = 0; i < sources.Length; i++)
        {
            var documentId = DocumentId.CreateNewId(projectId);
            documentIds.Add(documentId);
            solution = solution.AddDocument(documentId, $"Test{i}.cs", SourceText.From(sources[i]), filePath: $"Test{i}.cs");
        }

        Assert.True(workspace.TryApplyChanges(solution));
        var project = workspace.CurrentSolution.GetProject(projectId)!;
        var compilation = (await project.GetCompilationAsync())!;
        var diagnostic = AnalyzerHarness.Diagnostics(compilation).FirstOrDefault(d => d.Id == id);
        Assert.True(diagnostic is not null, $"{id} did not fire");
        var document = project.GetDocument(diagnostic!.Location.SourceTree)!;

        var actions = new List<CodeAction>();
        foreach (var fixer in Fixers.Where(f => f.FixableDiagnosticIds.Contains(id)))
        {
            var context = new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), CancellationToken.None);
            await fixer.RegisterCodeFixesAsync(context);
        }

        var chosen = actions.FirstOrDefault(a => a.Title.StartsWith(titlePrefix, StringComparison.Ordinal));
        Assert.True(chosen is not null, $"No fix titled '{titlePrefix}...' among: {string.Join(" | ", actions.Select(a => a.Title))}");
        var operations = await chosen!.GetOperationsAsync(CancellationToken.None);
        var changed = operations.OfType<ApplyChangesOperation>().Single().ChangedSolution;
        var result = new List<string>();
        foreach (var documentId in documentIds)
        {
            result.Add((await changed.GetDocument(documentId)!.GetTextAsync()).ToString());
        }

        return result.ToArray();
    }

    /// <summary>The titles of every fix offered for the first <paramref name="id"/> diagnostic.</summary>
    public static async Task<List<string>> TitlesAsync(string id, string source)
    {
        using var workspace = new AdhocWorkspace();
        var project = workspace.AddProject(ProjectInfo.Create(ProjectId.CreateNewId(), VersionStamp.Default, "Test", "TestAssembly", LanguageNames.CSharp)
            .WithCompilationOptions(AnalyzerHarness.CompilationOptions)
            .WithParseOptions(AnalyzerHarness.ParseOptions)
            .WithMetadataReferences(AnalyzerHarness.References));
        var document = workspace.AddDocument(project.Id, "Test0.cs", SourceText.From(source));
        var compilation = (await document.Project.GetCompilationAsync())!;
        var diagnostic = AnalyzerHarness.Diagnostics(compilation).First(d => d.Id == id);
        var titles = new List<string>();
        foreach (var fixer in Fixers.Where(f => f.FixableDiagnosticIds.Contains(id)))
        {
            await fixer.RegisterCodeFixesAsync(new CodeFixContext(document, diagnostic, (action, _) => titles.Add(action.Title), CancellationToken.None));
        }

        return titles;
    }
}
