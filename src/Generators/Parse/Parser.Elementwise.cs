using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using AutoDiffGen.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AutoDiffGen.Generators.Parse;

/// <summary>
/// Op facts: what a callee declares about itself with <c>[Elementwise]</c>, read from source or metadata alike, so the
/// generator keeps no list of op names.
/// </summary>
internal sealed partial class Parser
{
    /// <summary>The runtime's <c>[Elementwise]</c> attribute.</summary>
    public const string ElementwiseAttributeName = "AutoDiffGen.ElementwiseAttribute";

    /// <summary>The facts a callee's <c>[Elementwise]</c> attribute declares (read from source or metadata alike).</summary>
    internal static ElementwiseSpec? ElementwiseFacts(IMethodSymbol method)
    {
        var attribute = method.GetAttributes().FirstOrDefault(a => a.AttributeClass?.ToDisplayString() == ElementwiseAttributeName);
        if (attribute is null)
        {
            return null;
        }

        var op = attribute.ConstructorArguments.Length == 1 && attribute.ConstructorArguments[0].Value is INamedTypeSymbol type
            ? type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat)
            : string.Empty;
        var math = attribute.NamedArguments.FirstOrDefault(n => n.Key == "MathFunction").Value.Value as string ?? string.Empty;
        return new ElementwiseSpec(op, math);
    }

    /// <summary>
    /// The pipeline's entry for an <c>[Elementwise(typeof(Op))]</c> partial method without a body: what its generated
    /// body needs (the operator and the rule call), or why it cannot have one. Null for anything else; never throws
    /// except for cancellation.
    /// </summary>
    public static PrimitiveSpec? ParsePrimitive(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        try
        {
            if (context.TargetSymbol is not IMethodSymbol { IsPartialDefinition: true, PartialImplementationPart: null } method
                || context.TargetNode is not MethodDeclarationSyntax syntax
                || ElementwiseFacts(method) is not { Operator.Length: > 0 } facts
                || ParseContainingTypes(method.ContainingType) is not { } containing)
            {
                return null;
            }

            var compilation = context.SemanticModel.Compilation;
            var tensor = compilation.GetTypeByMetadataName(TensorName);
            var parameter = method.Parameters.Length == 1 ? method.Parameters[0] : null;
            var error = string.Empty;
            var ruleCall = string.Empty;
            if (!method.IsStatic || parameter is null || parameter.RefKind != RefKind.None
                || !SymbolEqualityComparer.Default.Equals(parameter.Type, tensor) || !SymbolEqualityComparer.Default.Equals(method.ReturnType, tensor))
            {
                error = $"{method.Name}: an [Elementwise] primitive without a body is a static method of one Tensor returning a Tensor; write its body, or declare it 'static partial Tensor {method.Name}(Tensor x)'.";
            }
            else
            {
                var parser = new Parser(compilation, method.ContainingType, new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default), cancellationToken);
                var name = CalleeParameterName(parameter.Name);
                var rule = parser.FindRules(method.ContainingType, method.Name, method, isInstance: false)
                    .FirstOrDefault(r => r.Returns.Count == 1 && r.Returns[0] == name);
                if (rule is null)
                {
                    error = $"{method.Name}: an [Elementwise] primitive needs a rule, [DerivativeOf(nameof({method.Name}))] static Tensor {method.Name}Backward(Tensor grad, Tensor {parameter.Name}) (it may take 'result' instead of, or beside, '{parameter.Name}').";
                }
                else
                {
                    var arguments = rule.Bindings.Select(b => b switch
                    {
                        "grad" => "grad",
                        "result" => "node.Result",
                        _ => "node.Inputs[0]",
                    });
                    ruleCall = rule.Target + "(" + string.Join(", ", arguments) + ")";
                }
            }

            var modifiers = string.Join(" ", syntax.Modifiers.Select(m => m.Text));
            return new PrimitiveSpec(
                method.ContainingNamespace is { IsGlobalNamespace: false } ns ? ns.ToDisplayString() : string.Empty,
                containing.ToEquatableArray(),
                modifiers,
                method.Name,
                method.ReturnType.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat),
                parameter?.Name ?? string.Empty,
                facts.Operator,
                ruleCall,
                error);
        }
        catch (OperationCanceledException)
        {
            throw;
        }
        catch (Exception)
        {
            // NOTE: a generator that throws breaks the user's build; the compiler then reports the missing body (CS8795).
            return null;
        }
    }
}
