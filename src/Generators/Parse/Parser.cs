using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using AutoDiffGen.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace AutoDiffGen.Generators.Parse;

/// <summary>
/// Parse stage: turns a <c>[Differentiable]</c> method's syntax and semantic model into a <see cref="MethodSpec"/>.
/// Every symbol is resolved to text here, so nothing of the compilation survives into later stages.
/// Returns null for anything unsupported (the analyzers say why).
/// </summary>
internal sealed partial class Parser
{
    public const string DifferentiableAttributeName = "AutoDiffGen.DifferentiableAttribute";
    private const string NoDerivativeAttributeName = "AutoDiffGen.NoDerivativeAttribute";
    private const string DerivativeOfAttributeName = "AutoDiffGen.DerivativeOfAttribute";
    private const string TensorName = "AutoDiffGen.Tensor";
    private const string DifferentiationName = "AutoDiffGen.Differentiation";

    private static readonly Regex Whitespace = new(@"\s+", RegexOptions.Compiled);

    private readonly Compilation _compilation;
    private readonly INamedTypeSymbol _callerType;
    private readonly HashSet<IMethodSymbol> _inProgress;
    private readonly CancellationToken _cancellationToken;

    private Parser(Compilation compilation, INamedTypeSymbol callerType, HashSet<IMethodSymbol> inProgress, CancellationToken cancellationToken)
    {
        _compilation = compilation;
        _callerType = callerType;
        _inProgress = inProgress;
        _cancellationToken = cancellationToken;
    }

    /// <summary>The pipeline's entry: never throws except for cancellation.</summary>
    public static MethodSpec? Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        try
        {
            if (context.TargetSymbol is not IMethodSymbol method || context.TargetNode is not MethodDeclarationSyntax syntax)
            {
                return null;
            }

            var inProgress = new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default);
            return ParseMethod(context.SemanticModel.Compilation, context.SemanticModel, method, syntax, inProgress, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            throw;
        }
        catch (Exception)
        {
            // NOTE: a generator that throws breaks the user's build; unsupported input is skipped instead.
            return null;
        }
    }

    /// <summary>The same for a method found otherwise (order 2, the analyzers): never throws except for cancellation.</summary>
    public static MethodSpec? Parse(SemanticModel model, IMethodSymbol method, MethodDeclarationSyntax syntax, CancellationToken cancellationToken)
    {
        try
        {
            return ParseMethod(model.Compilation, model, method, syntax, new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default), cancellationToken);
        }
        catch (OperationCanceledException)
        {
            throw;
        }
        catch (Exception)
        {
            return null;
        }
    }

    private static MethodSpec? ParseMethod(
        Compilation compilation,
        SemanticModel model,
        IMethodSymbol method,
        MethodDeclarationSyntax syntax,
        HashSet<IMethodSymbol> inProgress,
        CancellationToken cancellationToken)
    {
        if (!method.IsStatic || method.IsGenericMethod || method.ReturnsByRef || method.ReturnsByRefReadonly
            || method.ContainingType is null || !inProgress.Add(method))
        {
            return null;
        }

        try
        {
            var containing = ParseContainingTypes(method.ContainingType);
            var returnType = TypeOf(method.ReturnType);
            if (containing is null || returnType is null || !returnType.IsDifferentiable)
            {
                return null;
            }

            // Errors anywhere in the method (half-typed code) mean there is nothing sound to differentiate yet.
            if (model.GetDiagnostics(syntax.Span, cancellationToken).Any(d => d.Severity == DiagnosticSeverity.Error))
            {
                return null;
            }

            var parameters = new List<ParameterSpec>();
            foreach (var parameter in method.Parameters)
            {
                var type = TypeOf(parameter.Type);
                if (type is null || parameter.RefKind != RefKind.None || parameter.IsParams
                    || parameter.Name is "grad" or "result")
                {
                    return null;
                }

                if (type.Kind == ValueKind.Other && parameter.Type.IsReferenceType && parameter.Type.NullableAnnotation == NullableAnnotation.Annotated)
                {
                    // 'int[]? weights' stays nullable in the generated signatures, so callers passing null get no warning.
                    type = type with { Display = type.Display + "?" };
                }

                var differentiable = SameFamily(type, returnType) && !HasAttribute(parameter, NoDerivativeAttributeName);
                parameters.Add(new ParameterSpec(parameter.Name, type, differentiable));
            }

            if (model.GetOperation(syntax, cancellationToken) is not IMethodBodyOperation body)
            {
                return null;
            }

            var block = body.BlockBody ?? body.ExpressionBody;
            if (block is null)
            {
                return null;
            }

            var parser = new Parser(compilation, method.ContainingType, inProgress, cancellationToken);
            var hasUserRule = FindRuleMethods(method.ContainingType, method.Name).Any();
            var statements = hasUserRule ? parser.ByUserRule(method, parameters, returnType) : parser.ParseStatements(block.Operations);
            if (statements is null)
            {
                return null;
            }

            var taken = GeneratedMemberClashes(method).Select(c => c.Suffix).ToList();
            if (taken.Contains("Backward") && !taken.Contains("Node")
                && !GeneratedMemberClashes(method).Any(c => c.Suffix == "Backward" && IsRuleOf(c.Member, method.Name)))
            {
                taken.Add("Node");
            }
            return new MethodSpec(
                method.ContainingNamespace is { IsGlobalNamespace: false } ns ? ns.ToDisplayString() : string.Empty,
                containing.ToEquatableArray(),
                method.Name,
                AccessibilityText(method.DeclaredAccessibility),
                returnType,
                parameters.ToEquatableArray(),
                statements.ToEquatableArray(),
                hasUserRule,
                taken.ToEquatableArray());
        }
        finally
        {
            inProgress.Remove(method);
        }
    }

    /// <summary>
    /// The body of a method the user gave a <c>[DerivativeOf]</c> rule: one call of the method itself, resolved to that
    /// rule, so <c>FBackward</c>, <c>FGradient</c> and <c>FNode</c> compute the rule's gradient rather than one derived
    /// from the body. Null when no rule binds to the method (ADG1009 says why).
    /// </summary>
    private List<StatementSpec>? ByUserRule(IMethodSymbol method, List<ParameterSpec> parameters, TypeSpec returnType)
    {
        var rules = FindRules(method.ContainingType, method.Name, method, isInstance: false);
        if (rules.Count == 0)
        {
            return null;
        }

        var target = method.ContainingType.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat) + "." + method.Name;
        var names = method.Parameters.Select(p => CalleeParameterName(p.Name)).ToEquatableArray();
        var call = new CallSpec(CallKind.Rule, method.Name, target, false, false, names, rules.ToEquatableArray(), IsPure: true);
        var args = parameters.Select(p => new ExpressionSpec(ExpressionKind.Parameter, p.Type, p.Name, EquatableArray<ExpressionSpec>.Empty));
        var value = new ExpressionSpec(ExpressionKind.Call, returnType, method.Name, args.ToEquatableArray(), call);
        var rule = rules[0].Target.Substring(rules[0].Target.LastIndexOf('.') + 1);
        var source = $"{method.Name}({string.Join(", ", parameters.Select(p => p.Name))}), differentiated by the user's rule {rule}";
        return new List<StatementSpec>
        {
            new(StatementKind.Return, string.Empty, value, string.Empty, EquatableArray<StatementSpec>.Empty, EquatableArray<StatementSpec>.Empty, source),
        };
    }

    /// <summary>
    /// Members the user declared with the name and parameter types of one the generator writes for
    /// <paramref name="method"/> (<c>FBackward(grad, ...)</c>, <c>FGradient(...)</c>, <c>FNode(...)</c>): the generator
    /// leaves those out, and the analyzers report each (ADG0002).
    /// </summary>
    internal static IEnumerable<(string Suffix, IMethodSymbol Member)> GeneratedMemberClashes(IMethodSymbol method)
    {
        var parameters = method.Parameters.Select(p => p.Type).ToList();
        var isTensor = TypeOf(method.ReturnType) is { Kind: ValueKind.Tensor };
        var generated = new List<(string Suffix, List<ITypeSymbol> Types)>
        {
            ("Backward", new[] { method.ReturnType }.Concat(parameters).ToList()),
            (isTensor ? "Node" : "Gradient", parameters),
        };
        foreach (var (suffix, types) in generated)
        {
            foreach (var member in method.ContainingType.GetMembers(method.Name + suffix).OfType<IMethodSymbol>())
            {
                // The analyzers see the generator's own output too; only the user's members count.
                if (member.DeclaringSyntaxReferences.Any(r => !r.SyntaxTree.FilePath.EndsWith(".g.cs", StringComparison.OrdinalIgnoreCase))
                    && member.Parameters.Length == types.Count
                    && member.Parameters.Select(p => p.Type).Zip(types, (a, b) => SymbolEqualityComparer.Default.Equals(a, b)).All(same => same))
                {
                    yield return (suffix, member);
                }
            }
        }
    }

    private static bool IsRuleOf(IMethodSymbol member, string functionName) => member.GetAttributes().Any(a =>
        a.AttributeClass?.ToDisplayString() == DerivativeOfAttributeName
        && a.ConstructorArguments.Length == 1
        && a.ConstructorArguments[0].Value as string == functionName);

    /// <summary>Scalar methods differentiate their scalar parameters; tensor methods their tensor parameters.</summary>
    internal static bool SameFamily(TypeSpec type, TypeSpec returnType) =>
        type.IsDifferentiable && (type.Kind == ValueKind.Tensor) == (returnType.Kind == ValueKind.Tensor);

    private static List<ContainingTypeSpec>? ParseContainingTypes(INamedTypeSymbol type)
    {
        var result = new List<ContainingTypeSpec>();
        for (INamedTypeSymbol? current = type; current is not null; current = current.ContainingType)
        {
            if (current.Arity != 0 || !IsPartial(current))
            {
                return null;
            }

            var keyword = current switch
            {
                { IsRecord: true, TypeKind: TypeKind.Struct } => "record struct",
                { IsRecord: true } => "record",
                { TypeKind: TypeKind.Struct } => "struct",
                { TypeKind: TypeKind.Class } => "class",
                _ => null,
            };
            if (keyword is null)
            {
                return null;
            }

            result.Insert(0, new ContainingTypeSpec(keyword, current.Name));
        }

        return result;
    }

    private static bool IsPartial(INamedTypeSymbol type) =>
        type.DeclaringSyntaxReferences.Length > 0
        && type.DeclaringSyntaxReferences.All(r =>
            r.GetSyntax() is TypeDeclarationSyntax t && t.Modifiers.Any(SyntaxKind.PartialKeyword));

    private static string AccessibilityText(Accessibility accessibility) => accessibility switch
    {
        Accessibility.Public => "public",
        Accessibility.Internal => "internal",
        Accessibility.Protected => "protected",
        Accessibility.ProtectedOrInternal => "protected internal",
        Accessibility.ProtectedAndInternal => "private protected",
        _ => "private",
    };

    internal static TypeSpec? TypeOf(ITypeSymbol? type)
    {
        if (type is null || type.TypeKind == TypeKind.Error || type.SpecialType == SpecialType.System_Void)
        {
            return null;
        }

        return type.SpecialType switch
        {
            SpecialType.System_Double => TypeSpec.Double,
            SpecialType.System_Single => TypeSpec.Single,
            _ when type.ToDisplayString() == TensorName => TypeSpec.Tensor,
            _ => new TypeSpec(ValueKind.Other, type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat)),
        };
    }

    private static bool HasAttribute(ISymbol symbol, string attributeName) =>
        symbol.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == attributeName);

    private static string SourceText(SyntaxNode syntax)
    {
        var text = Whitespace.Replace(syntax.ToString(), " ").Trim();
        return text.Length <= 120 ? text : text.Substring(0, 117) + "...";
    }
}
