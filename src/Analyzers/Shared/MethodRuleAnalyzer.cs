using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace AutoDiffGen.Analyzers.Shared;

/// <summary>
/// Base of the rules that read one <c>[Differentiable]</c> method: the shared <see cref="MethodAnalysis"/> runs once per
/// method and compilation, and each rule reports the diagnostics with its own IDs.
/// </summary>
public abstract class MethodRuleAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc/>
    public sealed override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            if (KnownSymbols.Create(start.Compilation) is not { } known)
            {
                return;
            }

            var ids = SupportedDiagnostics.Select(d => d.Id).ToImmutableHashSet();
            start.RegisterSymbolAction(
                symbolContext =>
                {
                    var analysis = MethodAnalysis.For((IMethodSymbol)symbolContext.Symbol, symbolContext.Compilation, known, symbolContext.CancellationToken);
                    if (analysis is null)
                    {
                        return;
                    }

                    foreach (var diagnostic in analysis.Diagnostics)
                    {
                        if (ids.Contains(diagnostic.Id))
                        {
                            symbolContext.ReportDiagnostic(diagnostic);
                        }
                    }
                },
                SymbolKind.Method);
        });
    }
}
