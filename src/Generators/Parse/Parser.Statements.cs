using System.Collections.Generic;
using System.Collections.Immutable;
using AutoDiffGen.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;

namespace AutoDiffGen.Generators.Parse;

/// <summary>Statements: declarations, (compound) assignments, returns, if/else, counted loops (Parser.Loops.cs) and nested blocks.</summary>
internal sealed partial class Parser
{
    private List<StatementSpec>? ParseStatements(IEnumerable<IOperation> operations)
    {
        var result = new List<StatementSpec>();
        foreach (var operation in operations)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            var first = result.Count;
            if (!ParseStatement(operation, result))
            {
                return null;
            }

            // Statements learn where they are here, once (nested blocks and branches already did, one level down).
            for (var k = first; k < result.Count; k++)
            {
                if (result[k].Location is null)
                {
                    result[k] = result[k] with { Location = Where(operation.Syntax) };
                }
            }
        }

        return result;
    }

    private bool ParseStatement(IOperation operation, List<StatementSpec> into)
    {
        switch (operation)
        {
            case IBlockOperation block:
                var inner = ParseStatements(block.Operations);
                if (inner is null)
                {
                    return false;
                }

                into.AddRange(inner);
                return true;

            case IEmptyOperation:
                return true;

            case IVariableDeclarationGroupOperation group:
                foreach (var declaration in group.Declarations)
                {
                    foreach (var declarator in declaration.Declarators)
                    {
                        var initializer = declarator.Initializer ?? declaration.Initializer;
                        if (initializer is null)
                        {
                            // `double y;` assigned later (typically in both branches of an if).
                            into.Add(new StatementSpec(StatementKind.Declare, declarator.Symbol.Name, null, string.Empty, EquatableArray<StatementSpec>.Empty, EquatableArray<StatementSpec>.Empty, SourceText(group.Syntax)));
                            continue;
                        }

                        var value = ParseExpression(initializer.Value);
                        if (value is null)
                        {
                            return false;
                        }

                        into.Add(Statement(StatementKind.Declare, declarator.Symbol.Name, value, string.Empty, SourceText(group.Syntax)));
                    }
                }

                return true;

            case IExpressionStatementOperation { Operation: ISimpleAssignmentOperation assignment }:
            {
                var name = AssignedName(assignment.Target);
                var value = ParseExpression(assignment.Value);
                if (name is null || value is null)
                {
                    return false;
                }

                into.Add(Statement(StatementKind.Assign, name, value, string.Empty, SourceText(operation.Syntax)));
                return true;
            }

            case IExpressionStatementOperation { Operation: ICompoundAssignmentOperation compound }:
            {
                var name = AssignedName(compound.Target);
                var targetType = TypeOf(compound.Target.Type);
                var value = targetType is { IsScalar: true } && compound.Value.ConstantValue is { HasValue: true, Value: { } constant }
                    && IsNumber(constant)
                    ? Literal(System.Convert.ToDouble(constant, System.Globalization.CultureInfo.InvariantCulture), targetType)
                    : ParseExpression(compound.Value);
                var op = BinaryOperatorText(compound.OperatorKind);

                // Only same-typed compound assignments: a hidden narrowing conversion would change the derivative's type.
                if (name is null || value is null || op is null || targetType is null || value.Type != targetType)
                {
                    return false;
                }

                into.Add(Statement(StatementKind.CompoundAssign, name, value, op, SourceText(operation.Syntax)));
                return true;
            }

            // A return inside a loop body would end the loop early: not a counted loop.
            case IReturnOperation { ReturnedValue: { } returned } when !InLoop:
            {
                var value = ParseExpression(returned);
                if (value is null)
                {
                    return false;
                }

                into.Add(Statement(StatementKind.Return, string.Empty, value, string.Empty, SourceText(operation.Syntax)));
                return true;
            }

            case IConditionalOperation conditional when conditional.Type is null || conditional.Type.SpecialType == SpecialType.System_Void:
            {
                var condition = ParseExpression(conditional.Condition);
                var whenTrue = ParseStatements(Flatten(conditional.WhenTrue));
                var whenFalse = conditional.WhenFalse is null ? new List<StatementSpec>() : ParseStatements(Flatten(conditional.WhenFalse));
                if (condition is null || whenTrue is null || whenFalse is null)
                {
                    return false;
                }

                var source = "if (" + SourceText(conditional.Condition.Syntax) + ")";
                into.Add(new StatementSpec(StatementKind.If, string.Empty, condition, string.Empty, whenTrue.ToEquatableArray(), whenFalse.ToEquatableArray(), source));
                return true;
            }

            case IForLoopOperation loop:
                return ParseFor(loop, into);

            case IForEachLoopOperation loop:
                return ParseForEach(loop, into);

            default:
                return false;
        }
    }

    /// <summary>
    /// The statement's span for the generated <c>#line</c> directives: an <c>if</c> or a loop up to its header's closing
    /// parenthesis, anything else whole, through the tree's own <c>#line</c> mappings. Null for a tree without a path
    /// (nothing to map to) and for a statement under <c>#line hidden</c>.
    /// </summary>
    private static SourceSpan? Where(SyntaxNode syntax)
    {
        var tree = syntax.SyntaxTree;
        if (string.IsNullOrEmpty(tree.FilePath))
        {
            return null;
        }

        var span = syntax switch
        {
            IfStatementSyntax ifStatement => TextSpan.FromBounds(ifStatement.IfKeyword.SpanStart, ifStatement.CloseParenToken.Span.End),
            ForStatementSyntax forStatement => TextSpan.FromBounds(forStatement.ForKeyword.SpanStart, forStatement.CloseParenToken.Span.End),
            CommonForEachStatementSyntax forEach => TextSpan.FromBounds(forEach.ForEachKeyword.SpanStart, forEach.CloseParenToken.Span.End),
            _ => syntax.Span,
        };
        // Honour the tree's own #line directives: the second-order pass parses a generated pullback whose statements
        // already map to the forward source, and its adjoints should land there too, not in the generated file.
        if (tree.GetLineVisibility(span.Start) == LineVisibility.Hidden)
        {
            return null;
        }

        var lines = tree.GetMappedLineSpan(span);
        return new SourceSpan(
            lines.HasMappedPath ? lines.Path : tree.FilePath,
            lines.StartLinePosition.Line + 1,
            lines.StartLinePosition.Character + 1,
            lines.EndLinePosition.Line + 1,
            lines.EndLinePosition.Character + 1);
    }

    private static IEnumerable<IOperation> Flatten(IOperation operation) =>
        operation is IBlockOperation block ? block.Operations : ImmutableArray.Create(operation);

    private static string? AssignedName(IOperation target) => target switch
    {
        ILocalReferenceOperation local => local.Local.Name,
        IParameterReferenceOperation parameter => parameter.Parameter.Name,
        _ => null,
    };

    private static StatementSpec Statement(StatementKind kind, string name, ExpressionSpec value, string op, string source) =>
        new(kind, name, value, op, EquatableArray<StatementSpec>.Empty, EquatableArray<StatementSpec>.Empty, source);
}
