using System.Text.RegularExpressions;
using AutoDiffGen.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace AutoDiffGen.Analyzers.Tests.Repository;

/// <summary>docs/diagnostics.md: one section per ID, each with an example that triggers it and one that fixes it, both compiled here.</summary>
public partial class DocumentationTests
{
    private static readonly string Text = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "docs", "diagnostics.md"));

    private static IEnumerable<DiagnosticDescriptor> Descriptors => typeof(DiagnosticDescriptors)
        .GetFields()
        .Where(f => f.FieldType == typeof(DiagnosticDescriptor))
        .Select(f => (DiagnosticDescriptor)f.GetValue(null)!);

    public static TheoryData<string> Ids => new(Descriptors.Select(d => d.Id));

    [Theory]
    [MemberData(nameof(Ids))]
    public void EachIdHasASectionWithAnExampleThatTriggersItAndAFix(string id)
    {
        var (trigger, fix) = Examples(id);

        var triggered = AnalyzerHarness.Diagnostics(trigger);
        Assert.True(triggered.Any(d => d.Id == id), $"{id}: the example does not trigger it; got {string.Join(", ", triggered.Select(d => d.Id))}");

        var fixedDiagnostics = AnalyzerHarness.Diagnostics(fix);
        Assert.True(fixedDiagnostics.All(d => d.Id != id), $"{id}: the fix still triggers it");

        // A fix must not trade one problem for another.
        Assert.True(
            fixedDiagnostics.All(d => d.Severity < DiagnosticSeverity.Warning),
            $"{id}: the fix raises {string.Join(", ", fixedDiagnostics.Select(d => d.ToString()))}");
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void EachDescriptorLinksToItsSection(string id)
    {
        var descriptor = Descriptors.Single(d => d.Id == id);
        Assert.EndsWith("docs/diagnostics.md#" + id.ToLowerInvariant(), descriptor.HelpLinkUri);
        Assert.Contains($"<a id=\"{id.ToLowerInvariant()}\"></a>", Text);
        Assert.True(Enum.IsDefined(descriptor.DefaultSeverity));
    }

    private static (string Trigger, string Fix) Examples(string id)
    {
        var anchor = $"<a id=\"{id.ToLowerInvariant()}\"></a>";
        var start = Text.IndexOf(anchor, StringComparison.Ordinal);
        Assert.True(start >= 0, $"docs/diagnostics.md has no section for {id}");
        var end = Text.IndexOf("<a id=\"adg", start + anchor.Length, StringComparison.Ordinal);
        var section = end < 0 ? Text[start..] : Text[start..end];
        var blocks = CodeBlock().Matches(section).Select(m => m.Groups[1].Value).ToList();
        Assert.True(blocks.Count == 2, $"{id}: expected a triggering example and a fix, found {blocks.Count} code blocks");
        return (blocks[0], blocks[1]);
    }

    [GeneratedRegex("```csharp\\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex CodeBlock();
}
