using System.Collections.Immutable;
using AutoDiffGen.Analyzers.Shared;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace AutoDiffGen.Analyzers;

/// <summary>ADG1003: a [Differentiable] method that is not static, is generic, or sits in a generic type.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class MethodNotStaticAnalyzer : MethodRuleAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.ADG1003_MethodNotStatic);
}
