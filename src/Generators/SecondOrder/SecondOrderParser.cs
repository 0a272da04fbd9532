using System;
using System.Linq;
using System.Threading;
using AutoDiffGen.Generators.Differentiate;
using AutoDiffGen.Generators.Emit;
using AutoDiffGen.Generators.Lower;
using AutoDiffGen.Generators.Model;
using AutoDiffGen.Generators.Parse;
using AutoDiffGen.Generators.Simplify;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AutoDiffGen.Generators.SecondOrder;

/// <summary>
/// Second-order parse: for a method marked <c>[Differentiable(Order = 2)]</c>, runs the first-order pipeline to get
/// the text of its generated file, adds that file to the compilation, and parses the generated <c>FBackward</c> with
/// the ordinary Parse stage: the generator runs on its own output (as Tangent does). The pullback's upstream gradient
/// is renamed <c>gradOutput</c> (PyTorch's <c>grad_output</c>), since <c>grad</c> names the new upstream gradient.
/// </summary>
internal static class SecondOrderParser
{
    /// <summary>The name the pullback's own upstream gradient takes in second-order code.</summary>
    public const string GradOutput = "gradOutput";

    /// <summary>The pipeline's entry: null for first-order methods and anything unsupported; never throws except for cancellation.</summary>
    public static SecondOrderSpec? Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken) =>
        OrderOf(context.Attributes) < 2 || context.TargetSymbol is not IMethodSymbol method || context.TargetNode is not MethodDeclarationSyntax syntax
            ? null
            : Parse(context.SemanticModel, method, syntax, cancellationToken);

    /// <summary>
    /// The same, for a method known to ask for order 2 (the analyzers run it to say why no second-order file came):
    /// <paramref name="model"/>'s compilation must not hold this generator's output already.
    /// </summary>
    public static SecondOrderSpec? Parse(SemanticModel model, IMethodSymbol method, MethodDeclarationSyntax syntax, CancellationToken cancellationToken)
    {
        try
        {
            if (Parser.Parse(model, method, syntax, cancellationToken) is not { } function)
            {
                return null;
            }

            // The first-order pipeline, exactly as the generator's own steps run it.
            var lowered = Lowering.Lower(function);
            var differentiated = lowered is null ? null : Differentiator.Differentiate(lowered);
            var file = differentiated is null ? null : Emitter.Emit(Simplifier.Simplify(differentiated));
            if (file is null)
            {
                return null;
            }

            var options = (CSharpParseOptions)syntax.SyntaxTree.Options;
            var tree = CSharpSyntaxTree.ParseText(file.Text, options, path: file.HintName, cancellationToken: cancellationToken);
            var backwardName = function.Name + "Backward";
            var root = tree.GetRoot(cancellationToken);
            var declaration = FindBackward(root, backwardName, function.Parameters.Count + 1);
            if (declaration is null)
            {
                return null;
            }

            root = root.ReplaceNode(declaration, new GradRenamer().Visit(declaration)!);
            tree = tree.WithRootAndOptions(root, options);
            var compilation = model.Compilation.AddSyntaxTrees(tree);
            var backwardModel = compilation.GetSemanticModel(tree);
            var backwardSyntax = FindBackward(tree.GetRoot(cancellationToken), backwardName, function.Parameters.Count + 1);
            if (backwardSyntax is null || backwardModel.GetDeclaredSymbol(backwardSyntax, cancellationToken) is not { } symbol)
            {
                return null;
            }

            var backward = Parser.ParseBackward(compilation, backwardModel, symbol, backwardSyntax, function, GradOutput, cancellationToken);
            return backward is null ? null : new SecondOrderSpec(function, backward with { Body = Generated(backward.Body, backwardName) });
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

    /// <summary>
    /// The pullback's statements are generated code, not the user's: the comments quoting them in the second-order file
    /// say so (<c>// [generated FBackward] var dx = ...</c>), so no reader takes them for source they wrote.
    /// </summary>
    private static EquatableArray<StatementSpec> Generated(EquatableArray<StatementSpec> statements, string backwardName) =>
        statements.Select(s => s with
        {
            Source = s.Source.Length == 0 ? s.Source : "[generated " + backwardName + "] " + s.Source,
            Then = Generated(s.Then, backwardName),
            Else = Generated(s.Else, backwardName),
        }).ToEquatableArray();

    /// <summary>The <c>Order</c> a <c>[Differentiable]</c> attribute asks for (1 when unset).</summary>
    public static int OrderOf(System.Collections.Immutable.ImmutableArray<AttributeData> attributes)
    {
        foreach (var attribute in attributes)
        {
            foreach (var argument in attribute.NamedArguments)
            {
                if (argument.Key == "Order" && argument.Value.Value is int order)
                {
                    return order;
                }
            }
        }

        return 1;
    }

    private static MethodDeclarationSyntax? FindBackward(SyntaxNode root, string name, int parameterCount) =>
        root.DescendantNodes().OfType<MethodDeclarationSyntax>()
            .FirstOrDefault(m => m.Identifier.Text == name && m.ParameterList.Parameters.Count == parameterCount);

    /// <summary>Renames the pullback's parameter <c>grad</c> and every reference to it to <c>gradOutput</c>.</summary>
    private sealed class GradRenamer : CSharpSyntaxRewriter
    {
        public override SyntaxNode? VisitParameter(ParameterSyntax node) =>
            node.Identifier.Text == "grad" ? node.WithIdentifier(SyntaxFactory.Identifier(GradOutput).WithTriviaFrom(node.Identifier)) : node;

        public override SyntaxNode? VisitIdentifierName(IdentifierNameSyntax node) =>
            node.Identifier.Text == "grad" && !(node.Parent is MemberAccessExpressionSyntax access && access.Name == node)
                ? node.WithIdentifier(SyntaxFactory.Identifier(GradOutput).WithTriviaFrom(node.Identifier))
                : node;
    }
}
