using AutoDiffGen.Analyzers.Shared;
using AutoDiffGen.Analyzers.Tests.Infrastructure;
using AutoDiffGen.Generators.Tests;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AutoDiffGen.Analyzers.Tests.Repository;

/// <summary>
/// The analyzers and the generator never disagree: a [Differentiable] method gets an error-level diagnostic exactly
/// when the generator's own stages skip it. Checked over the generator's cases and every example in the docs.
/// </summary>
public class AgreementTests
{
    [Fact]
    public void ErrorsExactlyWhereTheGeneratorSkips()
    {
        var sources = Cases.All.Select(c => c.Source)
            .Concat(DocumentationExamples().Select(e => AnalyzerHarness.Usings + e))
            .ToList();
        var checkedMethods = 0;
        var skipped = 0;
        foreach (var source in sources)
        {
            var compilation = AnalyzerHarness.Compile(source);
            var diagnostics = AnalyzerHarness.Diagnostics(compilation);
            var known = KnownSymbols.Create(compilation)!;
            var tree = compilation.SyntaxTrees.Single();
            foreach (var syntax in tree.GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>())
            {
                var method = (IMethodSymbol)compilation.GetSemanticModel(tree).GetDeclaredSymbol(syntax)!;
                if (!known.IsDifferentiable(method))
                {
                    continue;
                }

                var verdict = GeneratorVerdict.Of(compilation, method, syntax, CancellationToken.None);
                var typeSpan = syntax.Parent!.Span;
                var errors = diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error
                    && (syntax.Span.Contains(d.Location.SourceSpan) || (d.Id == "ADG1002" && typeSpan.Contains(d.Location.SourceSpan)))).ToList();
                var warnsCouldNotEmit = diagnostics.Any(d => d.Id == "ADG0001" && syntax.Span.Contains(d.Location.SourceSpan));
                Assert.True(
                    verdict.Emits == (errors.Count == 0 && !warnsCouldNotEmit),
                    $"{method.Name}: the generator {(verdict.Emits ? "emits" : $"skips it at {verdict.Stage}")} but the analyzers report [{string.Join(", ", errors.Select(e => e.Id))}]{(warnsCouldNotEmit ? " and ADG0001" : string.Empty)}");
                checkedMethods++;
                skipped += verdict.Emits ? 0 : 1;
            }
        }

        // Both sides of the agreement were exercised.
        Assert.True(checkedMethods > 40 && skipped >= 5, $"checked {checkedMethods}, of which the generator skips {skipped}");
    }

    private static IEnumerable<string> DocumentationExamples()
    {
        var text = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "docs", "diagnostics.md"));
        return System.Text.RegularExpressions.Regex.Matches(text, "```csharp\\n(.*?)```", System.Text.RegularExpressions.RegexOptions.Singleline)
            .Select(m => m.Groups[1].Value);
    }
}
