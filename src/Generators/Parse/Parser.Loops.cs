using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace AutoDiffGen.Generators.Parse;

/// <summary>
/// Loops: counted <c>for</c> loops and <c>foreach</c> over an array, whose trip count no differentiable value and no
/// statement of the body can change. Anything else (<c>while</c>, <c>do</c>, <c>break</c>, <c>continue</c>, a
/// <c>return</c> inside the body, a bound computed from a differentiable value, a body that writes the counter) is
/// not parsed, and the method is skipped.
/// </summary>
internal sealed partial class Parser
{
    // Counters of the loops around the statement being parsed: an inner bound may read them (a triangular loop).
    private readonly List<ILocalSymbol> _loopCounters = new();

    // Index names made up for the foreach loops around the statement being parsed.
    private readonly List<string> _freshCounters = new();

    private bool InLoop => _loopCounters.Count > 0 || _freshCounters.Count > 0;

    private bool ParseFor(IForLoopOperation loop, List<StatementSpec> into)
    {
        // for (int i = start; ...): exactly one int counter, declared by the loop.
        if (loop.Before.Length != 1 || loop.Before[0] is not IVariableDeclarationGroupOperation group
            || group.Declarations.Length != 1 || group.Declarations[0].Declarators.Length != 1)
        {
            return false;
        }

        var declarator = group.Declarations[0].Declarators[0];
        var counter = declarator.Symbol;
        var initializer = declarator.Initializer ?? group.Declarations[0].Initializer;
        if (counter.Type.SpecialType != SpecialType.System_Int32 || initializer is null)
        {
            return false;
        }

        // ... i < bound or i <= bound ...
        if (loop.Condition is not IBinaryOperation
            {
                OperatorKind: BinaryOperatorKind.LessThan or BinaryOperatorKind.LessThanOrEqual,
                LeftOperand: ILocalReferenceOperation left,
            } condition
            || !SymbolEqualityComparer.Default.Equals(left.Local, counter))
        {
            return false;
        }

        // ... i++, ++i or i += positive constant.
        var step = StepOf(loop.AtLoopBottom, counter);
        var root = Root(loop);
        if (step is null || !IsLoopInvariant(initializer.Value, root, 0) || !IsLoopInvariant(condition.RightOperand, root, 0)
            || WritesLocal(loop.Body, counter))
        {
            return false;
        }

        var start = ParseExpression(initializer.Value);
        var bound = ParseExpression(condition.RightOperand);
        if (start is null || bound is null)
        {
            return false;
        }

        var header = new LoopSpec(counter.Name, start, bound, condition.OperatorKind == BinaryOperatorKind.LessThanOrEqual, step.Value);

        _loopCounters.Add(counter);
        var body = ParseStatements(Flatten(loop.Body));
        _loopCounters.RemoveAt(_loopCounters.Count - 1);
        if (body is null)
        {
            return false;
        }

        var source = "for (" + SourceText(group.Syntax) + "; " + SourceText(condition.Syntax) + "; "
            + string.Join(", ", loop.AtLoopBottom.Select(o => SourceText(o.Syntax))) + ")";
        into.Add(new StatementSpec(StatementKind.For, string.Empty, null, string.Empty, body.ToEquatableArray(), EquatableArray<StatementSpec>.Empty, source, header));
        return true;
    }

    /// <summary><c>foreach (var x in xs)</c> over a one-dimensional array becomes <c>for (int i = 0; i &lt; xs.Length; i++) { var x = xs[i]; ... }</c>.</summary>
    private bool ParseForEach(IForEachLoopOperation loop, List<StatementSpec> into)
    {
        var collection = loop.Collection;
        while (collection is IConversionOperation { IsImplicit: true } conversion)
        {
            collection = conversion.Operand;
        }

        var root = Root(loop);
        if (collection.Type is not IArrayTypeSymbol { Rank: 1 } arrayType
            || loop.LoopControlVariable is not IVariableDeclaratorOperation { Symbol: { } element }
            || !SymbolEqualityComparer.Default.Equals(element.Type, arrayType.ElementType)
            || !IsInvariantArray(collection, root))
        {
            return false;
        }

        var array = ParseExpression(collection);
        var elementType = TypeOf(arrayType.ElementType);
        if (array is null || elementType is null)
        {
            return false;
        }

        // The index is a fresh name: no local or parameter of the method may be shadowed by it.
        var taken = new HashSet<string>(root.Descendants().OfType<IVariableDeclaratorOperation>().Select(d => d.Symbol.Name));
        taken.UnionWith(root.Descendants().OfType<IParameterReferenceOperation>().Select(p => p.Parameter.Name));
        taken.UnionWith(_loopCounters.Select(c => c.Name));
        taken.UnionWith(_freshCounters);
        var counterName = new[] { "i", "j", "k", "index" }.FirstOrDefault(n => !taken.Contains(n));
        for (var n = 2; counterName is null; n++)
        {
            counterName = taken.Contains("i" + n) ? null : "i" + n;
        }

        var length = new ExpressionSpec(
            ExpressionKind.Call,
            TypeSpec.Int,
            "Length",
            EquatableArray.Of(array),
            new CallSpec(CallKind.Plain, "Length", "Length", IsInstance: true, IsProperty: true, EquatableArray.Of("this"), EquatableArray<RuleSpec>.Empty, IsPure: true));
        var zero = new ExpressionSpec(ExpressionKind.Literal, TypeSpec.Int, "0", EquatableArray<ExpressionSpec>.Empty);
        var index = new ExpressionSpec(ExpressionKind.Local, TypeSpec.Int, counterName, EquatableArray<ExpressionSpec>.Empty);
        var read = new ExpressionSpec(ExpressionKind.ArrayElement, elementType, string.Empty, EquatableArray.Of(array, index));
        var source = loop.Syntax is ForEachStatementSyntax syntax
            ? "foreach (" + SourceText(syntax.Type) + " " + syntax.Identifier.ValueText + " in " + SourceText(syntax.Expression) + ")"
            : "foreach (" + element.Name + " in " + SourceText(collection.Syntax) + ")";

        var body = new List<StatementSpec> { Statement(StatementKind.Declare, element.Name, read, string.Empty, source) };
        _freshCounters.Add(counterName);
        var inner = ParseStatements(Flatten(loop.Body));
        _freshCounters.RemoveAt(_freshCounters.Count - 1);
        if (inner is null)
        {
            return false;
        }

        body.AddRange(inner);
        var header = new LoopSpec(counterName, zero, length, Inclusive: false, Step: 1);
        into.Add(new StatementSpec(StatementKind.For, string.Empty, null, string.Empty, body.ToEquatableArray(), EquatableArray<StatementSpec>.Empty, source, header));
        return true;
    }

    private static int? StepOf(System.Collections.Immutable.ImmutableArray<IOperation> atBottom, ILocalSymbol counter)
    {
        if (atBottom.Length != 1 || atBottom[0] is not IExpressionStatementOperation { Operation: var step })
        {
            return null;
        }

        return step switch
        {
            IIncrementOrDecrementOperation { Kind: OperationKind.Increment, Target: ILocalReferenceOperation target }
                when SymbolEqualityComparer.Default.Equals(target.Local, counter) => 1,
            ICompoundAssignmentOperation { OperatorKind: BinaryOperatorKind.Add, Target: ILocalReferenceOperation target, Value.ConstantValue: { HasValue: true, Value: int value } }
                when SymbolEqualityComparer.Default.Equals(target.Local, counter) && value > 0 => value,
            _ => null,
        };
    }

    /// <summary>The outermost operation of the method (its body), where every local's declaration and assignments are.</summary>
    private static IOperation Root(IOperation operation)
    {
        while (operation.Parent is { } parent)
        {
            operation = parent;
        }

        return operation;
    }

    /// <summary>
    /// True for an <c>int</c> expression no differentiable value feeds and no statement changes while the loop runs:
    /// constants, non-differentiable parameters, counters of enclosing loops, <c>Length</c>/<c>Count</c>/<c>Rank</c> of a
    /// parameter or local, and int locals assigned once from such expressions.
    /// </summary>
    private bool IsLoopInvariant(IOperation operation, IOperation root, int depth)
    {
        if (depth > 16)
        {
            return false;
        }

        if (operation.ConstantValue.HasValue)
        {
            return true;
        }

        switch (operation)
        {
            case IParameterReferenceOperation parameter:
                return TypeOf(parameter.Type) is { IsDifferentiable: false };

            case ILocalReferenceOperation local when _loopCounters.Contains(local.Local, SymbolEqualityComparer.Default):
                return local.Local.Type.SpecialType == SpecialType.System_Int32;

            case ILocalReferenceOperation local:
            {
                if (local.Local.Type.SpecialType != SpecialType.System_Int32 || WritesLocal(root, local.Local))
                {
                    return false;
                }

                var declarator = root.Descendants().OfType<IVariableDeclaratorOperation>()
                    .FirstOrDefault(d => SymbolEqualityComparer.Default.Equals(d.Symbol, local.Local));
                var value = declarator?.Initializer?.Value;
                return value is not null && IsLoopInvariant(value, root, depth + 1);
            }

            case IPropertyReferenceOperation { Property.Name: "Length" or "Count" or "Rank", Instance: { } instance } when instance.Type is IArrayTypeSymbol:
                return IsInvariantArray(instance, root);

            case IBinaryOperation binary:
                return binary.Type?.SpecialType == SpecialType.System_Int32
                    && IsLoopInvariant(binary.LeftOperand, root, depth + 1) && IsLoopInvariant(binary.RightOperand, root, depth + 1);

            case IConversionOperation conversion:
                return conversion.Type?.SpecialType == SpecialType.System_Int32 && IsLoopInvariant(conversion.Operand, root, depth + 1);

            default:
                return false;
        }
    }

    /// <summary>An array parameter, or an array local that is never reassigned.</summary>
    private static bool IsInvariantArray(IOperation operation, IOperation root) => operation switch
    {
        IParameterReferenceOperation => true,
        ILocalReferenceOperation local => !WritesLocal(root, local.Local),
        _ => false,
    };

    /// <summary>True when an assignment, compound assignment or increment inside <paramref name="scope"/> writes <paramref name="local"/>.</summary>
    private static bool WritesLocal(IOperation scope, ILocalSymbol local) => scope.Descendants().Any(o => o switch
    {
        ISimpleAssignmentOperation { Target: ILocalReferenceOperation t } => SymbolEqualityComparer.Default.Equals(t.Local, local),
        ICompoundAssignmentOperation { Target: ILocalReferenceOperation t } => SymbolEqualityComparer.Default.Equals(t.Local, local),
        IIncrementOrDecrementOperation { Target: ILocalReferenceOperation t } => SymbolEqualityComparer.Default.Equals(t.Local, local),
        IArgumentOperation { Parameter.RefKind: not RefKind.None, Value: ILocalReferenceOperation t } => SymbolEqualityComparer.Default.Equals(t.Local, local),
        _ => false,
    });
}
