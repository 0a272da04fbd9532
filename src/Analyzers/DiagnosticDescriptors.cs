using Microsoft.CodeAnalysis;

namespace AutoDiffGen.Analyzers;

/// <summary>
/// Every AutoDiffGen diagnostic, in one table. IDs: <c>ADG0xxx</c> the generator could not emit,
/// <c>ADG1xxx</c> differentiability, <c>ADG2xxx</c> performance hints, <c>ADG3xxx</c> usage of the runtime API. Each message states the problem, then the fix;
/// each help link is an anchor in <c>docs/diagnostics.md</c>.
/// </summary>
internal static class DiagnosticDescriptors
{
    /// <summary>Where the help anchors live; one place to change when the repository moves.</summary>
    public const string HelpLinkBase = "https://github.com/autodiffgen/autodiffgen/blob/main/docs/diagnostics.md#";

    private const string GeneratorCategory = "AutoDiffGen.Generator";
    private const string DifferentiabilityCategory = "AutoDiffGen.Differentiability";
    private const string PerformanceCategory = "AutoDiffGen.Performance";

    private const string UsageCategory = "AutoDiffGen.Usage";

    public static readonly DiagnosticDescriptor ADG0001_GeneratorCouldNotEmit = Create(
        "ADG0001",
        "The generator could not emit a backward for this method",
        "The generator could not emit a backward for '{0}' ({1}); simplify the method to declarations, assignments, if/else and returns over supported calls",
        GeneratorCategory,
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor ADG0002_GeneratedMemberTaken = Create(
        "ADG0002",
        "A member has the name and parameters of a generated one",
        "'{0}' has the name and parameter types of the {1} the generator writes for [Differentiable] '{2}', so the generated one is left out; rename '{0}' (a [DerivativeOf(nameof({2}))] rule may have any name, such as '{2}Rule')",
        GeneratorCategory,
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor ADG0003_SecondOrderNotGenerated = Create(
        "ADG0003",
        "Order = 2 was asked for but no second-order code can be generated",
        "'{0}' asks for [Differentiable(Order = 2)], but the generator cannot write its second-order members ({0}BackwardBackward and the rest): {1}",
        GeneratorCategory,
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor ADG1001_NonDifferentiableCall = Create(
        "ADG1001",
        "Call to a function with no derivative",
        "'{0}' has no derivative{1}, so no gradient can flow through this call; {2}",
        DifferentiabilityCategory,
        DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor ADG1002_TypeNotPartial = Create(
        "ADG1002",
        "A type holding [Differentiable] methods must be partial",
        "'{0}' holds the [Differentiable] method '{1}' but is not partial, so the generated backward cannot be added to it; declare '{0}' partial",
        DifferentiabilityCategory,
        DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor ADG1003_MethodNotStatic = Create(
        "ADG1003",
        "A [Differentiable] method must be static and non-generic",
        "[Differentiable] method '{0}' is {1}; make it a non-generic static method taking what it reads as parameters",
        DifferentiabilityCategory,
        DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor ADG1004_NonDifferentiableReturnType = Create(
        "ADG1004",
        "The return type of a [Differentiable] method must be differentiable",
        "[Differentiable] method '{0}' returns '{1}', which has no gradient; return float, double or Tensor",
        DifferentiabilityCategory,
        DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor ADG1005_NonDifferentiableParameter = Create(
        "ADG1005",
        "A parameter that gets no gradient must be marked [NoDerivative]",
        "Parameter '{0}' of type '{1}' gets no gradient ({2}); mark it [NoDerivative] to say it is a constant",
        DifferentiabilityCategory,
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor ADG1006_UnsupportedConstruct = Create(
        "ADG1006",
        "Construct not supported in a [Differentiable] method",
        "{0} cannot be differentiated; {1}",
        DifferentiabilityCategory,
        DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor ADG1007_InPlaceMutation = Create(
        "ADG1007",
        "In-place mutation of a differentiable value",
        "'{0}' mutates the differentiable value '{1}' in place, which would corrupt the values the backward reads; compute a new value instead (for example 'x = x + y')",
        DifferentiabilityCategory,
        DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor ADG1008_ControlFlowDependsOnDifferentiableValue = Create(
        "ADG1008",
        "Control flow depends on a differentiable value",
        "The {0} depends on the differentiable value '{1}', and the derivative treats the path taken as constant; wrap it in WithoutDerivative(...) to say so",
        DifferentiabilityCategory,
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor ADG1009_DerivativeRuleMismatch = Create(
        "ADG1009",
        "[DerivativeOf] rule does not match its function",
        "[DerivativeOf] rule '{0}' does not match '{1}': {2}; expected '{3}'",
        DifferentiabilityCategory,
        DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor ADG1010_ZeroGradient = Create(
        "ADG1010",
        "The gradient of a differentiable parameter is always zero",
        "The result of '{0}' does not depend on differentiable parameter '{1}', so its gradient is always zero; mark it [NoDerivative], or wrap deliberate uses in WithoutDerivative(...)",
        DifferentiabilityCategory,
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor ADG2001_BackwardKeepsAlive = Create(
        "ADG2001",
        "Forward values the backward keeps alive",
        "The backward of '{0}' keeps {1} forward value(s) alive until it runs: {2}",
        PerformanceCategory,
        DiagnosticSeverity.Info);

    public static readonly DiagnosticDescriptor ADG3001_TensorReferenceComparison = Create(
        "ADG3001",
        "'==' on two tensors compares references, not values",
        "'{0}' on two tensors compares references, not elements, as C# does for classes; use '{1}' for an elementwise comparison (a bool tensor), or ReferenceEquals if you mean the same object",
        UsageCategory,
        DiagnosticSeverity.Warning);

    private static DiagnosticDescriptor Create(string id, string title, string message, string category, DiagnosticSeverity severity) =>
        new(id, title, message, category, severity, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + id.ToLowerInvariant());
}
