using System.Collections.Immutable;
using AutoDiffGen.Analyzers.Shared;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace AutoDiffGen.Analyzers;

/// <summary>ADG2001 (info): the forward values the generated backward of a Tensor method keeps alive.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class BackwardKeepsAliveAnalyzer : MethodRuleAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.ADG2001_BackwardKeepsAlive);
}
