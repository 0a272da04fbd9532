using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Simplification;

namespace AutoDiffGen.Analyzers;

/// <summary>ADG1005 and ADG1010 fix: marks the parameter <c>[NoDerivative]</c>.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AddNoDerivativeCodeFix)), Shared]
public sealed class AddNoDerivativeCodeFix : CodeFixProvider
{
    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(
        DiagnosticDescriptors.ADG1005_NonDifferentiableParameter.Id,
        DiagnosticDescriptors.ADG1010_ZeroGradient.Id);

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        foreach (var diagnostic in context.Diagnostics)
        {
            var parameter = root?.FindToken(diagnostic.Location.SourceSpan.Start).Parent?.AncestorsAndSelf().OfType<ParameterSyntax>().FirstOrDefault();
            if (parameter is null)
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create(
                    $"Mark '{parameter.Identifier.ValueText}' [NoDerivative]",
                    async cancellationToken =>
                    {
                        var editor = await DocumentEditor.CreateAsync(context.Document, cancellationToken).ConfigureAwait(false);
                        var generator = editor.Generator;

                        // Written qualified and simplified afterwards, so it binds with or without 'using AutoDiffGen;'.
                        var name = SyntaxFactory.ParseName("AutoDiffGen.NoDerivative").WithAdditionalAnnotations(Simplifier.Annotation);
                        editor.ReplaceNode(parameter, generator.AddAttributes(parameter, generator.Attribute(name)));
                        return editor.GetChangedDocument();
                    },
                    equivalenceKey: nameof(AddNoDerivativeCodeFix)),
                diagnostic);
        }
    }
}
