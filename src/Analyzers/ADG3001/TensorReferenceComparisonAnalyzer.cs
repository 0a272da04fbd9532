using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace AutoDiffGen.Analyzers;

/// <summary>
/// ADG3001: <c>a == b</c> or <c>a != b</c> on two tensors. Tensor defines no equality operator (it is a reference type
/// used as a dictionary key), so C# compares references where a PyTorch user means <c>torch.eq</c>: a silent
/// <c>false</c> instead of an elementwise comparison. Comparisons with <c>null</c> are not reported.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class TensorReferenceComparisonAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.ADG3001_TensorReferenceComparison);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            var tensor = start.Compilation.GetTypeByMetadataName("AutoDiffGen.Tensor");
            if (tensor is null)
            {
                return;
            }

            start.RegisterOperationAction(c => Analyze(c, tensor), OperationKind.Binary);
        });
    }

    private static void Analyze(OperationAnalysisContext context, INamedTypeSymbol tensor)
    {
        var binary = (IBinaryOperation)context.Operation;
        if (binary.OperatorKind is not (BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals) || binary.OperatorMethod is not null)
        {
            return;
        }

        if (!IsTensor(binary.LeftOperand, tensor) || !IsTensor(binary.RightOperand, tensor))
        {
            return;
        }

        var method = binary.OperatorKind == BinaryOperatorKind.Equals ? "Eq" : "Ne";
        var left = binary.LeftOperand is IConversionOperation { IsImplicit: true } l ? l.Operand : binary.LeftOperand;
        var right = binary.RightOperand is IConversionOperation { IsImplicit: true } r ? r.Operand : binary.RightOperand;
        context.ReportDiagnostic(Diagnostic.Create(
            DiagnosticDescriptors.ADG3001_TensorReferenceComparison,
            binary.Syntax.GetLocation(),
            binary.OperatorKind == BinaryOperatorKind.Equals ? "==" : "!=",
            $"{left.Syntax}.{method}({right.Syntax})"));
    }

    /// <summary>A tensor-typed operand that is not the null literal (before the implicit conversion to object, if any).</summary>
    private static bool IsTensor(IOperation operand, INamedTypeSymbol tensor)
    {
        while (operand is IConversionOperation { IsImplicit: true } conversion)
        {
            operand = conversion.Operand;
        }

        return operand.ConstantValue is not { HasValue: true, Value: null }
            && SymbolEqualityComparer.Default.Equals(operand.Type, tensor);
    }
}
