using System;
using System.Collections.Generic;
using System.Threading;
using AutoDiffGen.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AutoDiffGen.Generators.Parse;

/// <summary>
/// The analyzers' entry into the generator's Parse stage (this part of the partial class is compiled only into the
/// analyzer assembly): the same <c>ParseMethod</c> the generator runs, without a <c>GeneratorAttributeSyntaxContext</c>.
/// </summary>
internal sealed partial class Parser
{
    /// <summary>The generator's model of <paramref name="method"/>, or null where the generator skips it; never throws except for cancellation.</summary>
    public static MethodSpec? ParseForAnalyzers(Compilation compilation, IMethodSymbol method, MethodDeclarationSyntax syntax, CancellationToken cancellationToken)
    {
        try
        {
            var model = compilation.GetSemanticModel(syntax.SyntaxTree);
            return ParseMethod(compilation, model, method, syntax, new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default), cancellationToken);
        }
        catch (OperationCanceledException)
        {
            throw;
        }
        catch (Exception e)
        {
            UnexpectedFailure.Record("Parse", e);
            return null;
        }
    }
}
