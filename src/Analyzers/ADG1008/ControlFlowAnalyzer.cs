using System.Collections.Immutable;
using AutoDiffGen.Analyzers.Shared;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace AutoDiffGen.Analyzers;

/// <summary>ADG1008: a branch condition or loop bound that depends on a differentiable value.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ControlFlowAnalyzer : MethodRuleAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.ADG1008_ControlFlowDependsOnDifferentiableValue);
}
