using System.Collections.Immutable;
using AutoDiffGen.Analyzers.Shared;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace AutoDiffGen.Analyzers;

/// <summary>ADG1005: a parameter that silently gets no gradient (wrong kind, or a continuous type the generator cannot differentiate) without [NoDerivative].</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class NonDifferentiableParameterAnalyzer : MethodRuleAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.ADG1005_NonDifferentiableParameter);
}
