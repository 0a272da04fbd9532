using System.Collections.Immutable;
using AutoDiffGen.Analyzers.Shared;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace AutoDiffGen.Analyzers;

/// <summary>ADG1001: a differentiable value flows into a call that has no derivative (directly, or down a chain of [Differentiable] calls).</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class NonDifferentiableCallAnalyzer : MethodRuleAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.ADG1001_NonDifferentiableCall);
}
