using System.Collections.Immutable;
using AutoDiffGen.Analyzers.Shared;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace AutoDiffGen.Analyzers;

/// <summary>ADG1007: a member, indexer or element of a differentiable value written in place, or a mutating Tensor method called.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class InPlaceMutationAnalyzer : MethodRuleAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.ADG1007_InPlaceMutation);
}
