using System.Collections.Immutable;
using AutoDiffGen.Analyzers.Shared;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace AutoDiffGen.Analyzers;

/// <summary>ADG1004: a [Differentiable] method whose return type is not float, double or Tensor.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class NonDifferentiableReturnTypeAnalyzer : MethodRuleAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.ADG1004_NonDifferentiableReturnType);
}
