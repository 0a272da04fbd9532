using System.Collections.Immutable;
using System.Linq;
using AutoDiffGen.Analyzers.Shared;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace AutoDiffGen.Analyzers;

/// <summary>ADG1009: a [DerivativeOf] rule whose name, parameters or return shape do not fit the function it names.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class DerivativeRuleMismatchAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.ADG1009_DerivativeRuleMismatch);

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

    private static void Analyze(SymbolAnalysisContext context, IMethodSymbol rule, KnownSymbols known)
    {
        if (known.DerivativeOfTarget(rule) is not { } target
            || rule.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(context.CancellationToken) is not MethodDeclarationSyntax syntax)
        {
            return;
        }

        var (functionName, wrt, _) = target;
        var type = rule.ContainingType;
        var candidates = type.GetMembers(functionName)
            .Select(m => m switch
            {
                IMethodSymbol method => method,
                IPropertySymbol { GetMethod: { } getter } => getter,
                _ => null,
            })
            .Where(m => m is not null && !SymbolEqualityComparer.Default.Equals(m, rule))
            .Select(m => m!)
            .ToList();
        var identifier = syntax.Identifier.GetLocation();
        if (candidates.Count == 0)
        {
            context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.ADG1009_DerivativeRuleMismatch,
                identifier,
                rule.Name,
                $"{type.Name}.{functionName}",
                $"'{type.Name}' has no method named '{functionName}'",
                $"a rule beside the function it differentiates, naming it with nameof"));
            return;
        }

        // One fitting overload is enough; otherwise report against the overload the rule most resembles.
        (string Reason, Location Location)? first = null;
        IMethodSymbol? closest = null;
        foreach (var function in candidates.OrderBy(f => System.Math.Abs(f.Parameters.Length + 2 - rule.Parameters.Length)))
        {
            var mismatch = RuleSignature.Mismatch(rule, syntax, function, wrt, known);
            if (mismatch is null)
            {
                return;
            }

            if (first is null)
            {
                first = mismatch;
                closest = function;
            }
        }

        context.ReportDiagnostic(Diagnostic.Create(
            DiagnosticDescriptors.ADG1009_DerivativeRuleMismatch,
            first!.Value.Location,
            rule.Name,
            $"{type.Name}.{functionName}({string.Join(", ", closest!.Parameters.Select(p => TypeClassifier.Display(p.Type) + " " + p.Name))})",
            first.Value.Reason,
            RuleSignature.Expected(closest, rule.Name, wrt, known)));
    }
}
