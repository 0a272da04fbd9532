using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace AutoDiffGen.Analyzers.Shared;

/// <summary>Expressions: constants, names, operators, numeric conversions, calls, '?:', array and object creation.</summary>
internal sealed partial class MethodAnalysis
{
    private const string IndexInstead = "use whole-tensor ops, or pass the element in as a parameter";

    private void Expression(IOperation operation)
    {
        _cancellationToken.ThrowIfCancellationRequested();
        if (operation.ConstantValue.HasValue)
        {
            return;
        }

        var location = operation.Syntax.GetLocation();
        switch (operation)
        {
            case IParameterReferenceOperation:
            case ILocalReferenceOperation:
            case IDefaultValueOperation:
                return;

            case IConversionOperation conversion:
                if (conversion.Operand is ICollectionExpressionOperation)
                {
                    // NOTE: the generator's Parse stage takes only conversions that are identity or numeric, and a collection
                    // expression always comes wrapped in a collection-expression conversion.
                    Unsupported(location, $"The collection expression '{Text(conversion.Operand.Syntax)}'", "list the elements of an array: 'new[] { a, b }'");
                    return;
                }

                Expression(conversion.Operand);
                if (!conversion.Conversion.IsIdentity && (conversion.OperatorMethod is not null || !conversion.Conversion.IsNumeric))
                {
                    Unsupported(location, $"The conversion of '{Text(conversion.Operand.Syntax)}' to '{TypeClassifier.Display(conversion.Type!)}'", "convert with a numeric cast, or call a method that takes the value as it is");
                }

                return;

            case IBinaryOperation binary:
                if (AutoDiffGen.Generators.Parse.Parser.BinaryOperatorText(binary.OperatorKind) is null)
                {
                    Unsupported(location, $"The operator in '{Text(binary.Syntax)}'", "use + - * / %, comparisons, && and ||");
                }

                else if (_activity!.IsActive(binary) && binary.OperatorKind is not (BinaryOperatorKind.Add or BinaryOperatorKind.Subtract or BinaryOperatorKind.Multiply or BinaryOperatorKind.Divide))
                {
                    Unsupported(location, $"The operator in '{Text(binary.Syntax)}' on a differentiable value", "use + - * / or a Math function (Math.IEEERemainder has no rule either)");
                }

                Expression(binary.LeftOperand);
                Expression(binary.RightOperand);
                return;

            case IUnaryOperation unary:
                if (unary.OperatorKind is not (UnaryOperatorKind.Minus or UnaryOperatorKind.Plus or UnaryOperatorKind.Not))
                {
                    Unsupported(location, $"The operator in '{Text(unary.Syntax)}'", "use unary -, + or !");
                }
                else if (_activity!.IsActive(unary) && unary.OperatorKind != UnaryOperatorKind.Minus)
                {
                    Unsupported(location, $"Unary '+' on the differentiable value '{Text(unary.Operand.Syntax)}'", "leave the '+' out");
                }

                Expression(unary.Operand);
                return;

            case IConditionalOperation { WhenFalse: { } whenFalse } conditional:
                Condition(conditional.Condition, "condition of this '?:'");
                Expression(conditional.Condition);
                Expression(conditional.WhenTrue);
                Expression(whenFalse);
                return;

            case IInvocationOperation invocation:
                Call(invocation);
                return;

            case IPropertyReferenceOperation { Arguments.Length: > 0 } indexer:
                Unsupported(location, $"The indexer '{Text(indexer.Syntax)}'", IndexInstead);
                return;

            case IPropertyReferenceOperation property:
                PropertyRead(property);
                return;

            case IFieldReferenceOperation { Field.IsStatic: true }:
                return;

            case IFieldReferenceOperation field:
                Unsupported(location, $"Reading the field '{Text(field.Syntax)}'", "pass the value in as a parameter");
                return;

            // An element of an array parameter (xs[i] in a loop) is a constant input: arrays get no gradient.
            case IArrayElementReferenceOperation { Indices.Length: 1, ArrayReference: IParameterReferenceOperation } element:
                Expression(element.Indices[0]);
                return;

            case IArrayElementReferenceOperation element:
                Unsupported(location, $"The element access '{Text(element.Syntax)}'", IndexInstead);
                return;

            case IArrayCreationOperation array:
                if (array.Initializer is null || array.DimensionSizes.Length != 1)
                {
                    Unsupported(location, $"The array creation '{Text(array.Syntax)}'", "list the elements: 'new[] { a, b }'");
                    return;
                }

                foreach (var element in array.Initializer.ElementValues)
                {
                    Expression(element);
                }

                return;

            case ICollectionExpressionOperation collection:
                if (collection.Type is not IArrayTypeSymbol { Rank: 1 } || collection.Elements.Any(e => e is ISpreadOperation))
                {
                    Unsupported(location, $"The collection expression '{Text(collection.Syntax)}'", "list the elements of an array: 'new[] { a, b }'");
                    return;
                }

                foreach (var element in collection.Elements)
                {
                    Expression(element);
                }

                return;

            case IObjectCreationOperation creation:
                if (creation.Initializer is not null || creation.Constructor is null)
                {
                    Unsupported(location, $"The object initializer in '{Text(creation.Syntax)}'", "pass the values to a constructor");
                }
                else if (TypeClassifier.Family(creation.Type, _known) != ValueFamily.None)
                {
                    Unsupported(location, $"Creating a '{TypeClassifier.Display(creation.Type!)}' with 'new'", "create tensors with the Tensor factory methods");
                }
                else
                {
                    Arguments(creation.Arguments);
                }

                return;

            case IAnonymousFunctionOperation:
            case IDelegateCreationOperation:
                Lambda(operation);
                return;

            case IAwaitOperation:
                Unsupported(location, $"'{Text(operation.Syntax)}'", "await outside the method and pass the value in; a [Differentiable] method is synchronous");
                return;

            case ISwitchExpressionOperation switchExpression:
                Condition(switchExpression.Value, "value this 'switch' tests");
                Unsupported(location, "A 'switch' expression", "use '?:' or if/else");
                return;

            case ITupleOperation:
                Unsupported(location, $"The tuple '{Text(operation.Syntax)}'", "declare one local per value");
                return;

            case IAssignmentOperation:
            case IIncrementOrDecrementOperation:
                Unsupported(location, $"The assignment inside '{Text(operation.Syntax)}'", "assign in a statement of its own");
                return;

            case IThrowOperation:
                Unsupported(location, "A 'throw' expression", "check inputs before calling the method; a [Differentiable] method only computes values");
                return;

            default:
                Unsupported(location, $"The expression '{Text(operation.Syntax)}'", DefaultInstead);
                return;
        }
    }

    private void Arguments(System.Collections.Immutable.ImmutableArray<IArgumentOperation> arguments)
    {
        foreach (var argument in arguments)
        {
            if (argument.Parameter is { RefKind: not RefKind.None } parameter)
            {
                var kind = parameter.RefKind switch { RefKind.Out => "out", RefKind.In or RefKind.RefReadOnlyParameter => "in", _ => "ref" };
                Unsupported(argument.Syntax.GetLocation(), $"Passing '{Text(argument.Value.Syntax)}' by {kind}", "pass plain values and use the returned result");
                continue;
            }

            Expression(argument.Value);
        }
    }

    private void Lambda(IOperation lambda)
    {
        var captured = lambda.Descendants()
            .Select(d => d switch
            {
                IParameterReferenceOperation p when SymbolEqualityComparer.Default.Equals(p.Parameter.ContainingSymbol, Method) => (ISymbol)p.Parameter,
                ILocalReferenceOperation l when !lambda.Syntax.Span.Contains(l.Local.Locations.FirstOrDefault()?.SourceSpan ?? default) => l.Local,
                _ => null,
            })
            .FirstOrDefault(s => s is not null && _activity!.IsActive(s));
        var what = captured is null ? "A lambda" : $"A lambda capturing the differentiable value '{captured.Name}'";
        Unsupported(lambda.Syntax.GetLocation(), what, "call a [Differentiable] method, or a method with a [DerivativeOf] rule, instead");
    }
}
