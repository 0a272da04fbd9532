using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using AutoDiffGen.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Operations;

namespace AutoDiffGen.Generators.Parse;

/// <summary>Expressions: constants, names, operators, conversions, calls, conditionals, array and object creation.</summary>
internal sealed partial class Parser
{
    private ExpressionSpec? ParseExpression(IOperation operation)
    {
        _cancellationToken.ThrowIfCancellationRequested();

        // Enum members read better by name than as a cast number.
        if (operation is IFieldReferenceOperation { Field: { IsStatic: true } enumField } && enumField.ContainingType.TypeKind == TypeKind.Enum)
        {
            return StaticMember(enumField, operation.Type);
        }

        if (operation.ConstantValue.HasValue)
        {
            return ConstantExpression(operation.ConstantValue.Value, operation.Type);
        }

        switch (operation)
        {
            case IParameterReferenceOperation parameter:
                return Leaf(ExpressionKind.Parameter, parameter.Type, parameter.Parameter.Name);

            case ILocalReferenceOperation local:
                return Leaf(ExpressionKind.Local, local.Type, local.Local.Name);

            case IConversionOperation conversion:
                return ParseConversion(conversion);

            case IBinaryOperation binary:
            {
                var op = BinaryOperatorText(binary.OperatorKind);
                var left = ParseExpression(binary.LeftOperand);
                var right = ParseExpression(binary.RightOperand);
                var type = TypeOf(binary.Type);
                return op is null || left is null || right is null || type is null
                    ? null
                    : new ExpressionSpec(ExpressionKind.Binary, type, op, EquatableArray.Of(left, right));
            }

            case IUnaryOperation unary:
            {
                var op = unary.OperatorKind switch
                {
                    UnaryOperatorKind.Minus => "-",
                    UnaryOperatorKind.Plus => "+",
                    UnaryOperatorKind.Not => "!",
                    _ => null,
                };
                var operand = ParseExpression(unary.Operand);
                var type = TypeOf(unary.Type);
                return op is null || operand is null || type is null
                    ? null
                    : new ExpressionSpec(ExpressionKind.Unary, type, op, EquatableArray.Of(operand));
            }

            case IConditionalOperation conditional when conditional.WhenFalse is not null:
            {
                var condition = ParseExpression(conditional.Condition);
                var whenTrue = ParseExpression(conditional.WhenTrue);
                var whenFalse = ParseExpression(conditional.WhenFalse);
                var type = TypeOf(conditional.Type);
                return condition is null || whenTrue is null || whenFalse is null || type is null
                    ? null
                    : new ExpressionSpec(ExpressionKind.Conditional, type, "?:", EquatableArray.Of(condition, whenTrue, whenFalse));
            }

            case IInvocationOperation invocation:
                return ParseInvocation(invocation);

            case ITupleOperation tuple when _tupleResults:
                return ParseTuple(tuple);

            case IPropertyReferenceOperation property when property.Arguments.Length == 0:
                return ParsePropertyRead(property);

            case IPropertyReferenceOperation { Instance: { } instance, Arguments.Length: 1 } indexer
                when TypeOf(indexer.Type) is { IsDifferentiable: false } && indexer.Arguments[0].Parameter is { RefKind: RefKind.None }:
            {
                // An indexer giving a non-differentiable value (x.Shape[1], an int) reads like an array element.
                var receiver = ParseExpression(instance);
                var index = ParseExpression(indexer.Arguments[0].Value);
                var type = TypeOf(indexer.Type);
                return receiver is null || index is null || type is null
                    ? null
                    : new ExpressionSpec(ExpressionKind.ArrayElement, type, string.Empty, EquatableArray.Of(receiver, index));
            }

            case IIsPatternOperation isPattern:
                return ParsePattern(isPattern);

            case IFieldReferenceOperation { Field.IsStatic: true } field:
                return StaticMember(field.Field, field.Type);

            case IFieldReferenceOperation { Instance: { } instance } field:
            {
                // An instance field (a tuple element such as Max(dim).Values) reads like a property without rules.
                var receiver = ParseExpression(instance);
                var type = TypeOf(field.Type);
                if (receiver is null || type is null)
                {
                    return null;
                }

                var call = new CallSpec(CallKind.Plain, field.Field.Name, field.Field.Name, IsInstance: true, IsProperty: true, EquatableArray.Of("this"), EquatableArray<RuleSpec>.Empty, IsPure: true);
                return new ExpressionSpec(ExpressionKind.Call, type, field.Field.Name, EquatableArray.Of(receiver), call);
            }

            case IArrayElementReferenceOperation { Indices.Length: 1 } element:
            {
                var array = ParseExpression(element.ArrayReference);
                var index = ParseExpression(element.Indices[0]);
                var type = TypeOf(element.Type);
                return array is null || index is null || type is null
                    ? null
                    : new ExpressionSpec(ExpressionKind.ArrayElement, type, string.Empty, EquatableArray.Of(array, index));
            }

            case IArrayCreationOperation { Initializer: { } initializer } array when array.Type is IArrayTypeSymbol arrayType:
                return ArrayCreation(arrayType, initializer.ElementValues);

            case ICollectionExpressionOperation collection when collection.Type is IArrayTypeSymbol arrayType
                && collection.Elements.All(e => e is not ISpreadOperation):
                return ArrayCreation(arrayType, collection.Elements);

            case IObjectCreationOperation { Constructor: { } constructor, Initializer: null } creation:
            {
                var type = TypeOf(creation.Type);
                var args = ParseArguments(constructor, creation.Arguments);
                return type is null || type.IsDifferentiable || args is null
                    ? null
                    : new ExpressionSpec(ExpressionKind.ObjectCreation, type, type.Display, args.ToEquatableArray());
            }

            case IDefaultValueOperation { Type: { } defaultType }:
            {
                var type = TypeOf(defaultType);
                return type is null ? null : Leaf(ExpressionKind.Literal, defaultType, "default(" + type.Display + ")");
            }

            default:
                return null;
        }
    }

    /// <summary>
    /// <c>x is &gt; 0 and &lt; 1</c>, <c>label is null</c>, <c>x is not 0</c>: a pattern of constants becomes the comparisons it
    /// stands for. The tested value is read once per comparison, so beyond one comparison it must be a name.
    /// </summary>
    private ExpressionSpec? ParsePattern(IIsPatternOperation isPattern)
    {
        var value = ParseExpression(isPattern.Value);
        if (value is null)
        {
            return null;
        }

        var comparisons = 0;
        var result = Pattern(isPattern.Pattern, value, ref comparisons);
        return comparisons > 1 && value.Kind is not (ExpressionKind.Parameter or ExpressionKind.Local) ? null : result;
    }

    private ExpressionSpec? Pattern(IPatternOperation pattern, ExpressionSpec value, ref int comparisons)
    {
        switch (pattern)
        {
            case IRelationalPatternOperation relational when BinaryOperatorText(relational.OperatorKind) is { } op:
            {
                comparisons++;
                var constant = ParseExpression(relational.Value);
                return constant is null ? null : new ExpressionSpec(ExpressionKind.Binary, TypeSpec.Bool, op, EquatableArray.Of(value, constant));
            }

            case IConstantPatternOperation { Value.ConstantValue: { HasValue: true, Value: null } }:
                // 'is null' keeps its meaning on types with their own '==' (which a comparison with null would call).
                comparisons++;
                return new ExpressionSpec(ExpressionKind.Binary, TypeSpec.Bool, "is", EquatableArray.Of(value, new ExpressionSpec(ExpressionKind.Literal, value.Type, "null", EquatableArray<ExpressionSpec>.Empty)));

            case IConstantPatternOperation constantPattern:
            {
                comparisons++;
                var constant = ParseExpression(constantPattern.Value);
                return constant is null ? null : new ExpressionSpec(ExpressionKind.Binary, TypeSpec.Bool, "==", EquatableArray.Of(value, constant));
            }

            case INegatedPatternOperation negated:
            {
                var inner = Pattern(negated.Pattern, value, ref comparisons);
                return inner is null ? null : new ExpressionSpec(ExpressionKind.Unary, TypeSpec.Bool, "!", EquatableArray.Of(inner));
            }

            case IBinaryPatternOperation binary:
            {
                var left = Pattern(binary.LeftPattern, value, ref comparisons);
                var right = Pattern(binary.RightPattern, value, ref comparisons);
                var op = binary.OperatorKind == BinaryOperatorKind.And ? "&&" : binary.OperatorKind == BinaryOperatorKind.Or ? "||" : null;
                return left is null || right is null || op is null ? null : new ExpressionSpec(ExpressionKind.Binary, TypeSpec.Bool, op, EquatableArray.Of(left, right));
            }

            default:
                return null;
        }
    }

    private ExpressionSpec? ParseConversion(IConversionOperation conversion)
    {
        var operand = ParseExpression(conversion.Operand);
        var type = TypeOf(conversion.Type);
        if (operand is null || type is null)
        {
            return null;
        }

        if (conversion.Conversion.IsIdentity)
        {
            return operand;
        }

        // User-defined conversions and boxing have no derivative the generator knows; only numeric ones pass.
        return conversion.OperatorMethod is null && conversion.Conversion.IsNumeric
            ? new ExpressionSpec(ExpressionKind.Convert, type, type.Display, EquatableArray.Of(operand))
            : null;
    }

    private ExpressionSpec? ArrayCreation(IArrayTypeSymbol arrayType, IEnumerable<IOperation> elements)
    {
        var elementType = TypeOf(arrayType.ElementType);
        var arrayTypeSpec = TypeOf(arrayType);
        if (elementType is null || arrayTypeSpec is null || arrayType.Rank != 1)
        {
            return null;
        }

        var parsed = new List<ExpressionSpec>();
        foreach (var element in elements)
        {
            var value = ParseExpression(element);
            if (value is null)
            {
                return null;
            }

            parsed.Add(value);
        }

        return new ExpressionSpec(ExpressionKind.ArrayCreation, arrayTypeSpec, elementType.Display, parsed.ToEquatableArray());
    }

    private static ExpressionSpec? StaticMember(IFieldSymbol field, ITypeSymbol? type)
    {
        var typeSpec = TypeOf(type);
        return typeSpec is null
            ? null
            : new ExpressionSpec(
                ExpressionKind.StaticMember,
                typeSpec,
                field.ContainingType.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat) + "." + field.Name,
                EquatableArray<ExpressionSpec>.Empty);
    }

    private static ExpressionSpec? Leaf(ExpressionKind kind, ITypeSymbol? type, string text)
    {
        var typeSpec = TypeOf(type);
        return typeSpec is null ? null : new ExpressionSpec(kind, typeSpec, text, EquatableArray<ExpressionSpec>.Empty);
    }

    private static ExpressionSpec? ConstantExpression(object? value, ITypeSymbol? type)
    {
        var typeSpec = TypeOf(type);
        if (typeSpec is null)
        {
            return null;
        }

        var text = value switch
        {
            null => "default(" + typeSpec.Display + ")",
            double d => Literals.FormatDouble(d),
            float f => Literals.FormatSingle(f),
            bool b => b ? "true" : "false",
            string s => SymbolDisplay.FormatLiteral(s, quote: true),
            char c => SymbolDisplay.FormatLiteral(c, quote: true),
            int i => i.ToString(CultureInfo.InvariantCulture),
            long l => l.ToString(CultureInfo.InvariantCulture) + "L",
            _ when IsNumber(value) => "(" + typeSpec.Display + ")" + Convert.ToString(value, CultureInfo.InvariantCulture),
            _ => null,
        };
        return text is null ? null : new ExpressionSpec(ExpressionKind.Literal, typeSpec, text, EquatableArray<ExpressionSpec>.Empty);
    }

    private static ExpressionSpec Literal(double value, TypeSpec type) =>
        new(ExpressionKind.Literal, type, Literals.Format(value, type.Kind), EquatableArray<ExpressionSpec>.Empty);

    private static bool IsNumber(object value) =>
        value is byte or sbyte or short or ushort or int or uint or long or ulong or float or double or decimal;

    internal static string? BinaryOperatorText(BinaryOperatorKind kind) => kind switch
    {
        BinaryOperatorKind.Add => "+",
        BinaryOperatorKind.Subtract => "-",
        BinaryOperatorKind.Multiply => "*",
        BinaryOperatorKind.Divide => "/",
        BinaryOperatorKind.Remainder => "%",
        BinaryOperatorKind.Equals => "==",
        BinaryOperatorKind.NotEquals => "!=",
        BinaryOperatorKind.LessThan => "<",
        BinaryOperatorKind.LessThanOrEqual => "<=",
        BinaryOperatorKind.GreaterThan => ">",
        BinaryOperatorKind.GreaterThanOrEqual => ">=",
        BinaryOperatorKind.ConditionalAnd => "&&",
        BinaryOperatorKind.ConditionalOr => "||",
        _ => null,
    };
}
