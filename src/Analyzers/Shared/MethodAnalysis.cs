using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace AutoDiffGen.Analyzers.Shared;

/// <summary>
/// Everything the rules find in one <c>[Differentiable]</c> method, computed once per compilation and shared by every
/// rule's analyzer (each reports the diagnostics with its own IDs).
/// </summary>
internal sealed partial class MethodAnalysis
{
    private static readonly ConditionalWeakTable<Compilation, ConcurrentDictionary<IMethodSymbol, MethodAnalysis>> Cache = new();

    private readonly Compilation _compilation;
    private readonly KnownSymbols _known;
    private readonly SemanticModel _model;
    private readonly HashSet<IMethodSymbol> _inProgress;
    private readonly CancellationToken _cancellationToken;
    private readonly List<Diagnostic> _diagnostics = new();
    private Activity? _activity;
    private Blocker? _firstCallBlocker;

    private MethodAnalysis(
        Compilation compilation,
        KnownSymbols known,
        IMethodSymbol method,
        MethodDeclarationSyntax syntax,
        HashSet<IMethodSymbol> inProgress,
        CancellationToken cancellationToken)
    {
        _compilation = compilation;
        _known = known;
        Method = method;
        Syntax = syntax;
        _model = compilation.GetSemanticModel(syntax.SyntaxTree);
        _inProgress = inProgress;
        _cancellationToken = cancellationToken;
    }

    public IMethodSymbol Method { get; }

    public MethodDeclarationSyntax Syntax { get; }

    /// <summary>Every diagnostic found in the method, of every rule.</summary>
    public ImmutableArray<Diagnostic> Diagnostics { get; private set; }

    /// <summary>Null when the generator can differentiate the method; otherwise why not.</summary>
    public Blocker? Blocker { get; private set; }

    /// <summary>The analysis of <paramref name="method"/>, or null when it is not a <c>[Differentiable]</c> method declared in source.</summary>
    public static MethodAnalysis? For(IMethodSymbol method, Compilation compilation, KnownSymbols known, CancellationToken cancellationToken) =>
        For(method, compilation, known, new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default), cancellationToken);

    private static MethodAnalysis? For(
        IMethodSymbol method,
        Compilation compilation,
        KnownSymbols known,
        HashSet<IMethodSymbol> inProgress,
        CancellationToken cancellationToken)
    {
        method = method.OriginalDefinition;
        if (!known.IsDifferentiable(method))
        {
            return null;
        }

        var cache = Cache.GetValue(compilation, _ => new ConcurrentDictionary<IMethodSymbol, MethodAnalysis>(SymbolEqualityComparer.Default));
        if (cache.TryGetValue(method, out var cached))
        {
            return cached;
        }

        var syntax = method.DeclaringSyntaxReferences
            .Select(r => r.GetSyntax(cancellationToken))
            .OfType<MethodDeclarationSyntax>()
            .FirstOrDefault(s => compilation.ContainsSyntaxTree(s.SyntaxTree) && (s.Body is not null || s.ExpressionBody is not null));
        if (syntax is null || !inProgress.Add(method))
        {
            return null;
        }

        try
        {
            var analysis = new MethodAnalysis(compilation, known, method, syntax, inProgress, cancellationToken);
            analysis.Run();
            return cache.GetOrAdd(method, analysis);
        }
        finally
        {
            inProgress.Remove(method);
        }
    }

    private void Run()
    {
        var returnFamily = TypeClassifier.Family(Method.ReturnType, _known);
        var seeds = CheckSignature(returnFamily);

        // Half-typed code has nothing sound to differentiate yet; the compiler's own errors come first (as in the generator).
        var hasErrors = _model.GetDiagnostics(Syntax.Span, _cancellationToken).Any(d => d.Severity == DiagnosticSeverity.Error);
        GeneratorVerdict? verdict = null;
        if (!hasErrors && _model.GetOperation(Syntax, _cancellationToken) is IMethodBodyOperation { } body
            && (body.BlockBody ?? body.ExpressionBody) is { } block)
        {
            _activity = Activity.Compute(block, seeds, _known);
            Statement(block);
            verdict = GeneratorVerdict.Of(_compilation, Method, Syntax, _cancellationToken);
            Reconcile(verdict);
            if (_diagnostics.All(d => d.Severity != DiagnosticSeverity.Error) && returnFamily != ValueFamily.None)
            {
                CheckZeroGradients(block, seeds);
                if (returnFamily == ValueFamily.Tensor && verdict.Differentiated is { } differentiated)
                {
                    ReportKeptAlive(differentiated);
                }
            }
        }

        Diagnostics = _diagnostics.ToImmutableArray();
        Blocker = verdict is { Emits: true } ? null : ComputeBlocker();
    }

    /// <summary>
    /// The generator's verdict wins: where it emits a backward, the support rules (ADG1001, ADG1006, ADG1007) have
    /// nothing to say; where it does not and no rule explains why, ADG0001 says so with the stage's reason.
    /// </summary>
    private void Reconcile(GeneratorVerdict verdict)
    {
        if (verdict.Emits)
        {
            _diagnostics.RemoveAll(d => SupportRuleIds.Contains(d.Id));
            _firstCallBlocker = null;
            return;
        }

        // A stage that threw unexpectedly is a generator bug: said always, whatever else the rules found.
        if ((verdict.IsUnexpected || _diagnostics.All(d => d.Severity != DiagnosticSeverity.Error)) && AllContainingTypesPartial(Method))
        {
            Report(DiagnosticDescriptors.ADG0001_GeneratorCouldNotEmit, Syntax.Identifier.GetLocation(), Method.Name, verdict.Reason);
        }
    }

    private static readonly ImmutableHashSet<string> SupportRuleIds = ImmutableHashSet.Create(
        DiagnosticDescriptors.ADG1001_NonDifferentiableCall.Id,
        DiagnosticDescriptors.ADG1006_UnsupportedConstruct.Id,
        DiagnosticDescriptors.ADG1007_InPlaceMutation.Id);

    /// <summary>Why callers cannot differentiate through this method: the first call at fault, else its own body.</summary>
    private Blocker ComputeBlocker()
    {
        if (_firstCallBlocker is { } call)
        {
            return call with { Chain = call.Chain.Insert(0, Method.Name) };
        }

        return new Blocker(ImmutableArray.Create(Method.Name), null, $"'{Method.Name}' is [Differentiable] but its own body cannot be differentiated");
    }

    /// <summary>Checks the method's shape and parameters; returns the differentiable parameters.</summary>
    private List<ISymbol> CheckSignature(ValueFamily returnFamily)
    {
        var name = Method.Name;
        var identifier = Syntax.Identifier.GetLocation();
        if (!Method.IsStatic)
        {
            Report(DiagnosticDescriptors.ADG1003_MethodNotStatic, identifier, name, "not static");
        }
        else if (Method.IsGenericMethod)
        {
            Report(DiagnosticDescriptors.ADG1003_MethodNotStatic, identifier, name, "generic");
        }
        else if (GenericContainingType(Method) is { } generic)
        {
            Report(DiagnosticDescriptors.ADG1003_MethodNotStatic, identifier, name, $"declared in the generic type '{generic.ToDisplayString()}'");
        }

        if (Method.ReturnsByRef || Method.ReturnsByRefReadonly)
        {
            Unsupported(Syntax.ReturnType.GetLocation(), "Returning by reference", "return the value itself");
        }
        else if (returnFamily == ValueFamily.None)
        {
            Report(DiagnosticDescriptors.ADG1004_NonDifferentiableReturnType, Syntax.ReturnType.GetLocation(), name, TypeClassifier.Display(Method.ReturnType));
        }

        var seeds = new List<ISymbol>();
        foreach (var parameter in Method.Parameters)
        {
            var parameterSyntax = Syntax.ParameterList.Parameters[parameter.Ordinal];
            var location = parameterSyntax.Identifier.GetLocation();
            if (parameter.RefKind != RefKind.None)
            {
                var keyword = parameterSyntax.Modifiers.FirstOrDefault(m => m.IsKind(SyntaxKind.RefKeyword) || m.IsKind(SyntaxKind.OutKeyword) || m.IsKind(SyntaxKind.InKeyword));
                Unsupported(parameterSyntax.GetLocation(), $"The '{keyword.ValueText}' parameter '{parameter.Name}'", "pass it by value and return what the method computes");
            }
            else if (parameter.IsParams)
            {
                Unsupported(parameterSyntax.GetLocation(), $"The params parameter '{parameter.Name}'", "take a plain array parameter");
            }
            else if (parameter.Name is "grad" or "result")
            {
                Unsupported(location, $"A parameter named '{parameter.Name}'", "rename it: 'grad' and 'result' name the inputs of the generated backward");
            }
            else if (_known.IsNoDerivative(parameter))
            {
                continue;
            }
            else
            {
                var family = TypeClassifier.Family(parameter.Type, _known);
                if (family != ValueFamily.None && family == returnFamily)
                {
                    seeds.Add(parameter);
                }
                else if (family != ValueFamily.None)
                {
                    // The other family is a constant by convention, as in the generator: a scalar given to a Tensor method is a
                    // hyperparameter (eps, a slope), a Tensor given to a scalar method is data.
                    continue;
                }
                else if (family == ValueFamily.None && !TypeClassifier.IsDiscrete(parameter.Type))
                {
                    Report(DiagnosticDescriptors.ADG1005_NonDifferentiableParameter, location, parameter.Name, TypeClassifier.Display(parameter.Type), "only float, double and Tensor values carry gradients");
                }
            }
        }

        return seeds;
    }

    private static INamedTypeSymbol? GenericContainingType(IMethodSymbol method)
    {
        for (var type = method.ContainingType; type is not null; type = type.ContainingType)
        {
            if (type.Arity != 0)
            {
                return type;
            }
        }

        return null;
    }

    /// <summary>True when every type enclosing <paramref name="method"/> is declared partial in every part.</summary>
    public static bool AllContainingTypesPartial(IMethodSymbol method)
    {
        for (var type = method.ContainingType; type is not null; type = type.ContainingType)
        {
            if (!IsPartial(type))
            {
                return false;
            }
        }

        return true;
    }

    public static bool IsPartial(INamedTypeSymbol type) =>
        type.DeclaringSyntaxReferences.Length > 0
        && type.DeclaringSyntaxReferences.All(r => r.GetSyntax() is TypeDeclarationSyntax t && t.Modifiers.Any(SyntaxKind.PartialKeyword));

    private void Report(DiagnosticDescriptor descriptor, Location location, params object?[] args) =>
        _diagnostics.Add(Diagnostic.Create(descriptor, location, args));

    private void Report(DiagnosticDescriptor descriptor, Location location, ImmutableDictionary<string, string?> properties, params object?[] args) =>
        _diagnostics.Add(Diagnostic.Create(descriptor, location, properties, args));

    private void Unsupported(Location location, string what, string instead) =>
        Report(DiagnosticDescriptors.ADG1006_UnsupportedConstruct, location, what, instead);

    /// <summary>Source text on one line, shortened for messages.</summary>
    private static string Text(SyntaxNode? syntax)
    {
        if (syntax is null)
        {
            return string.Empty;
        }

        var text = string.Join(" ", syntax.ToString().Split(new[] { ' ', '\t', '\r', '\n' }, System.StringSplitOptions.RemoveEmptyEntries));
        return text.Length <= 80 ? text : text.Substring(0, 77) + "...";
    }
}
