using System.Collections.Immutable;
using AutoDiffGen.Analyzers.Shared;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace AutoDiffGen.Analyzers;

/// <summary>ADG0001: the generator's own stages skip a [Differentiable] method and no more specific rule says why.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class GeneratorCouldNotEmitAnalyzer : MethodRuleAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.ADG0001_GeneratorCouldNotEmit);
}
