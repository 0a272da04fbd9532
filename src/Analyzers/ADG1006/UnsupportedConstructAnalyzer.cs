using System.Collections.Immutable;
using AutoDiffGen.Analyzers.Shared;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace AutoDiffGen.Analyzers;

/// <summary>ADG1006: a statement or expression the generator cannot differentiate, with what to write instead.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class UnsupportedConstructAnalyzer : MethodRuleAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.ADG1006_UnsupportedConstruct);
}
