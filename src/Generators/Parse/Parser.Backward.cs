using System.Collections.Generic;
using System.Linq;
using System.Threading;
using AutoDiffGen.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace AutoDiffGen.Generators.Parse;

/// <summary>
/// The second-order entry: parses a generated pullback (<c>FBackward</c>, its upstream gradient renamed
/// <c>gradOutput</c>) as an ordinary forward method, so the rest of the pipeline can differentiate it again. The one
/// construct a pullback adds over a user's method is its result: a value tuple of gradients.
/// </summary>
internal sealed partial class Parser
{
    /// <summary>True while parsing a pullback: a tuple expression (its returned gradients) is accepted.</summary>
    private bool _tupleResults;

    /// <summary>
    /// Parses <paramref name="method"/>, a generated pullback of <paramref name="function"/>; its differentiable
    /// parameters are <c>gradOutput</c> and the function's differentiable parameters. Null when unsupported.
    /// </summary>
    public static MethodSpec? ParseBackward(
        Compilation compilation,
        SemanticModel model,
        IMethodSymbol method,
        MethodDeclarationSyntax syntax,
        MethodSpec function,
        string gradOutputName,
        CancellationToken cancellationToken)
    {
        if (!method.IsStatic || method.IsGenericMethod || method.ContainingType is null
            || model.GetDiagnostics(syntax.Span, cancellationToken).Any(d => d.Severity == DiagnosticSeverity.Error))
        {
            return null;
        }

        var elementTypes = method.ReturnType is INamedTypeSymbol { IsTupleType: true } tuple
            ? tuple.TupleElements.Select(e => TypeOf(e.Type)).ToList()
            : new List<TypeSpec?> { TypeOf(method.ReturnType) };
        if (elementTypes.Any(t => t is null || !SameFamily(t, function.ReturnType)))
        {
            return null;
        }

        var differentiable = new HashSet<string>(function.Parameters.Where(p => p.IsDifferentiable).Select(p => p.Name)) { gradOutputName };
        var parameters = new List<ParameterSpec>();
        foreach (var parameter in method.Parameters)
        {
            var type = TypeOf(parameter.Type);
            if (type is null || parameter.RefKind != RefKind.None || parameter.IsParams || parameter.Name is "grad" or "result")
            {
                return null;
            }

            parameters.Add(new ParameterSpec(parameter.Name, type, differentiable.Contains(parameter.Name) && SameFamily(type, function.ReturnType)));
        }

        if (model.GetOperation(syntax, cancellationToken) is not IMethodBodyOperation { BlockBody: { } block })
        {
            return null;
        }

        var parser = new Parser(compilation, method.ContainingType, new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default), cancellationToken)
        {
            _tupleResults = true,
        };
        var statements = parser.ParseStatements(block.Operations);
        return statements is null
            ? null
            : function with
            {
                Name = method.Name,
                ReturnType = elementTypes[0]!,
                Parameters = parameters.ToEquatableArray(),
                Body = statements.ToEquatableArray(),
                HasUserRule = false,
            };
    }

    /// <summary>
    /// How a rule names a callee's parameter. A callee that is itself a rule (a pullback's <c>TanhBackward(grad,
    /// result)</c>) has parameters named like the rule's own <c>grad</c> and <c>result</c>; its rules call them
    /// <c>gradOutput</c> and <c>output</c> (PyTorch's <c>grad_output</c> and <c>output</c> in derivatives.yaml).
    /// </summary>
    internal static string CalleeParameterName(string name) => name switch
    {
        "grad" => "gradOutput",
        "result" => "output",
        _ => name,
    };

    /// <summary>A returned tuple of gradients, <c>(dx0, dx1)</c>: a non-differentiable value built from its elements.</summary>
    private ExpressionSpec? ParseTuple(ITupleOperation tuple)
    {
        var type = TypeOf(tuple.Type);
        var elements = new List<ExpressionSpec>();
        foreach (var element in tuple.Elements)
        {
            if (ParseExpression(element) is not { } value)
            {
                return null;
            }

            elements.Add(value);
        }

        return type is null ? null : new ExpressionSpec(ExpressionKind.ObjectCreation, type, type.Display, elements.ToEquatableArray());
    }
}
