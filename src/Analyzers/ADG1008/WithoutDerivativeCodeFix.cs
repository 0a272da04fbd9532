using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading.Tasks;
using AutoDiffGen.Analyzers.Shared;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;
using Microsoft.CodeAnalysis.Text;

namespace AutoDiffGen.Analyzers;

/// <summary>
/// ADG1008 fix: wraps the differentiable value a condition reads in <c>WithoutDerivative(...)</c>; ADG1001 fix: wraps the
/// differentiable arguments of a call that has no derivative, so no gradient is asked of it.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(WithoutDerivativeCodeFix)), Shared]
public sealed class WithoutDerivativeCodeFix : CodeFixProvider
{
    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(
        DiagnosticDescriptors.ADG1008_ControlFlowDependsOnDifferentiableValue.Id,
        DiagnosticDescriptors.ADG1001_NonDifferentiableCall.Id);

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            var spans = diagnostic.Id == DiagnosticDescriptors.ADG1008_ControlFlowDependsOnDifferentiableValue.Id
                ? new List<TextSpan> { diagnostic.Location.SourceSpan }
                : ParseSpans(diagnostic.Properties.TryGetValue(MethodAnalysis.ActiveArgumentsProperty, out var text) ? text : null);
            var expressions = spans
                .Select(s => root.FindNode(s, getInnermostNodeForTie: true))
                .OfType<ExpressionSyntax>()
                .ToList();
            if (expressions.Count == 0)
            {
                continue;
            }

            var title = expressions.Count == 1
                ? $"Wrap '{expressions[0]}' in WithoutDerivative(...)"
                : $"Wrap {string.Join(", ", expressions.Select(e => $"'{e}'"))} in WithoutDerivative(...)";
            context.RegisterCodeFix(
                CodeAction.Create(
                    title,
                    _ => Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNodes(expressions, (original, _) => Wrap(original)))),
                    equivalenceKey: nameof(WithoutDerivativeCodeFix)),
                diagnostic);
        }
    }

    private static ExpressionSyntax Wrap(ExpressionSyntax expression)
    {
        // Written qualified and simplified afterwards, so it binds whatever the file's usings are.
        var callee = SyntaxFactory.ParseExpression("global::AutoDiffGen.Differentiation.WithoutDerivative")
            .WithAdditionalAnnotations(Simplifier.Annotation);
        return SyntaxFactory.InvocationExpression(
                callee,
                SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(expression.WithoutTrivia()))))
            .WithTriviaFrom(expression)
            .WithAdditionalAnnotations(Formatter.Annotation);
    }

    private static List<TextSpan> ParseSpans(string? text) =>
        (text ?? string.Empty)
            .Split(new[] { ';' }, System.StringSplitOptions.RemoveEmptyEntries)
            .Select(part => part.Split(':'))
            .Where(parts => parts.Length == 2)
            .Select(parts => new TextSpan(int.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture), int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture)))
            .ToList();
}
