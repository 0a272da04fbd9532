using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AutoDiffGen.Analyzers.Shared;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;

namespace AutoDiffGen.Analyzers;

/// <summary>
/// ADG1001 fix: writes a <c>[DerivativeOf]</c> rule stub with the right signature beside the function that has no
/// derivative (when that function is in the solution), for the user to fill in.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(GenerateDerivativeStubCodeFix)), Shared]
public sealed class GenerateDerivativeStubCodeFix : CodeFixProvider
{
    private static readonly SymbolDisplayFormat Qualified = SymbolDisplayFormat.FullyQualifiedFormat;

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticDescriptors.ADG1001_NonDifferentiableCall.Id);

    /// <inheritdoc/>
    public override FixAllProvider? GetFixAllProvider() => null;

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var compilation = await context.Document.Project.GetCompilationAsync(context.CancellationToken).ConfigureAwait(false);
        if (compilation is null || KnownSymbols.Create(compilation) is not { } known)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            if (!diagnostic.Properties.TryGetValue(MethodAnalysis.TargetFunctionProperty, out var id) || id is null
                || DocumentationCommentId.GetFirstSymbolForDeclarationId(id, compilation) is not IMethodSymbol function
                || function.DeclaringSyntaxReferences.FirstOrDefault() is not { } reference
                || context.Document.Project.Solution.GetDocument(reference.SyntaxTree) is not { } document
                || RuleSignature.Differentiable(function, known).Count == 0)
            {
                continue;
            }

            var ruleName = UniqueName(function.ContainingType, function.Name + "Backward");
            context.RegisterCodeFix(
                CodeAction.Create(
                    $"Add a [DerivativeOf] rule '{ruleName}' for '{function.Name}'",
                    cancellationToken => AddStubAsync(document, reference, function, ruleName, known, cancellationToken),
                    equivalenceKey: nameof(GenerateDerivativeStubCodeFix)),
                diagnostic);
        }
    }

    private static async Task<Solution> AddStubAsync(
        Document document,
        SyntaxReference reference,
        IMethodSymbol function,
        string ruleName,
        KnownSymbols known,
        CancellationToken cancellationToken)
    {
        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        var declaration = await reference.GetSyntaxAsync(cancellationToken).ConfigureAwait(false);
        var stub = SyntaxFactory.ParseMemberDeclaration(StubText(function, ruleName, known))!
            .WithAdditionalAnnotations(Simplifier.Annotation, Formatter.Annotation);
        editor.InsertAfter(declaration, stub);
        return editor.GetChangedDocument().Project.Solution;
    }

    /// <summary>The rule, fully qualified (the simplifier shortens what the file's usings allow).</summary>
    private static string StubText(IMethodSymbol function, string ruleName, KnownSymbols known)
    {
        var inputs = RuleSignature.Differentiable(function, known);
        var returns = inputs.Count == 1
            ? inputs[0].Type.ToDisplayString(Qualified)
            : "(" + string.Join(", ", inputs.Select(i => i.Type.ToDisplayString(Qualified) + " " + i.Name)) + ")";
        var parameters = new List<string> { function.ReturnType.ToDisplayString(Qualified) + " grad" };
        if (!function.IsStatic)
        {
            parameters.Add(function.ContainingType.ToDisplayString(Qualified) + " " + RuleSignature.ReceiverName);
        }

        parameters.AddRange(function.Parameters.Select(p => p.Type.ToDisplayString(Qualified) + " " + p.Name));
        var gradients = string.Join(", ", inputs.Select(i => i.Name));
        return $"\n[global::AutoDiffGen.DerivativeOf(nameof({function.Name}))]\n"
            + $"internal static {returns} {ruleName}({string.Join(", ", parameters)})\n"
            + $"    => throw new global::System.NotImplementedException(\"Return grad times the derivative of {function.Name} with respect to {gradients}.\");\n";
    }

    private static string UniqueName(INamedTypeSymbol type, string name)
    {
        var candidate = name;
        for (var i = 2; type.GetMembers(candidate).Length > 0; i++)
        {
            candidate = name + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return candidate;
    }
}
