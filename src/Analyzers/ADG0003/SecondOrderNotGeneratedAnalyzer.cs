using System.Collections.Immutable;
using System.Linq;
using AutoDiffGen.Analyzers.Shared;
using AutoDiffGen.Generators.SecondOrder;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace AutoDiffGen.Analyzers;

/// <summary>
/// ADG0003: <c>[Differentiable(Order = 2)]</c> on a method whose first-order code the generator writes but whose
/// pullback it cannot differentiate again, so <c>FBackwardBackward</c> and its companions would be missing without a
/// word. The verdict is the generator's own: its Order 2 stages run here on the same method.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class SecondOrderNotGeneratedAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.ADG0003_SecondOrderNotGenerated);

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

            start.RegisterSymbolAction(c => Analyze(c, (IMethodSymbol)c.Symbol, known), SymbolKind.Method);
        });
    }

    private static void Analyze(SymbolAnalysisContext context, IMethodSymbol method, KnownSymbols known)
    {
        var attribute = method.GetAttributes().FirstOrDefault(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, known.Differentiable));
        if (attribute is null || SecondOrderParser.OrderOf(ImmutableArray.Create(attribute)) < 2)
        {
            return;
        }

        var syntax = method.DeclaringSyntaxReferences.Select(r => r.GetSyntax(context.CancellationToken)).OfType<MethodDeclarationSyntax>().FirstOrDefault();
        if (syntax is null)
        {
            return;
        }

        if (SecondOrderVerdict.WhyNot(context.Compilation, method, syntax, known, context.CancellationToken) is { } reason)
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.ADG0003_SecondOrderNotGenerated, syntax.Identifier.GetLocation(), method.Name, reason));
        }
    }
}
