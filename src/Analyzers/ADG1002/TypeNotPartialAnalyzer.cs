using System.Collections.Immutable;
using System.Linq;
using AutoDiffGen.Analyzers.Shared;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace AutoDiffGen.Analyzers;

/// <summary>ADG1002: a type that holds a [Differentiable] method (directly or in a nested type) but is not partial.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class TypeNotPartialAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.ADG1002_TypeNotPartial);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            if (KnownSymbols.Create(start.Compilation) is not { } known)
            {
                return;
            }

            start.RegisterSymbolAction(c => Analyze(c, (INamedTypeSymbol)c.Symbol, known), SymbolKind.NamedType);
        });
    }

    private static void Analyze(SymbolAnalysisContext context, INamedTypeSymbol type, KnownSymbols known)
    {
        var method = FirstDifferentiable(type, known);
        if (method is null)
        {
            return;
        }

        // Every part without the modifier gets the diagnostic, on the type's name, so the fix edits the right part.
        foreach (var reference in type.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax(context.CancellationToken) is TypeDeclarationSyntax declaration
                && !declaration.Modifiers.Any(Microsoft.CodeAnalysis.CSharp.SyntaxKind.PartialKeyword))
            {
                context.ReportDiagnostic(Diagnostic.Create(
                    DiagnosticDescriptors.ADG1002_TypeNotPartial, declaration.Identifier.GetLocation(), type.Name, method.Name));
            }
        }
    }

    /// <summary>The first [Differentiable] method of <paramref name="type"/> or of a type nested in it.</summary>
    private static IMethodSymbol? FirstDifferentiable(INamedTypeSymbol type, KnownSymbols known)
    {
        foreach (var member in type.GetMembers())
        {
            switch (member)
            {
                case IMethodSymbol method when known.IsDifferentiable(method):
                    return method;
                case INamedTypeSymbol nested when FirstDifferentiable(nested, known) is { } inner:
                    return inner;
            }
        }

        return null;
    }
}
