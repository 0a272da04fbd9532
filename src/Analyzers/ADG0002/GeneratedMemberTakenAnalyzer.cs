using System.Collections.Immutable;
using System.Linq;
using AutoDiffGen.Analyzers.Shared;
using AutoDiffGen.Generators.Parse;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace AutoDiffGen.Analyzers;

/// <summary>
/// ADG0002: a member the user declared has the name and parameter types of one the generator writes for a
/// [Differentiable] method (<c>FBackward</c>, <c>FGradient</c>, <c>FNode</c>). The generator leaves its own out, so the
/// build does not fail with CS0111 inside a generated file; this says which member and why.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class GeneratedMemberTakenAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.ADG0002_GeneratedMemberTaken);

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
        if (!known.IsDifferentiable(method) || method.ContainingType is null)
        {
            return;
        }

        foreach (var (suffix, member) in Parser.GeneratedMemberClashes(method))
        {
            var location = member.DeclaringSyntaxReferences
                .Select(r => r.GetSyntax(context.CancellationToken))
                .OfType<MethodDeclarationSyntax>()
                .Select(s => s.Identifier.GetLocation())
                .FirstOrDefault(l => !l.SourceTree!.FilePath.EndsWith(".g.cs", System.StringComparison.OrdinalIgnoreCase));
            if (location is not null)
            {
                var what = suffix switch
                {
                    "Backward" => "pullback",
                    "Gradient" => "value-and-gradient method",
                    _ => "tape node",
                };
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.ADG0002_GeneratedMemberTaken, location, member.Name, what, method.Name));
            }
        }
    }
}
