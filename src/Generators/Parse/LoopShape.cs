using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace AutoDiffGen.Generators.Parse;

/// <summary>
/// Which loops the generator differentiates: a counted <c>for (int i = start; i &lt; bound; i++)</c> (also <c>&lt;=</c>
/// and <c>i += constant</c>) and a <c>foreach</c> over an array, whose trip count no differentiable value and no
/// statement of the body can change. The one authority for the parser (skip) and the analyzers (say what to change).
/// </summary>
internal static class LoopShape
{
    public const string CountedLoop = "write it as a counted loop 'for (int i = 0; i < n; i++)' whose bound n comes from int parameters, array lengths, tensor sizes (x.Size(0), x.Shape[1]) or constants";

    /// <summary>Null when the generator takes <paramref name="loop"/>; otherwise where and what to change.</summary>
    public static LoopProblem? Check(IForLoopOperation loop)
    {
        var keyword = loop.Syntax.GetFirstToken().GetLocation();
        if (loop.Before.Length != 1 || loop.Before[0] is not IVariableDeclarationGroupOperation group
            || group.Declarations.Length != 1 || group.Declarations[0].Declarators.Length != 1
            || group.Declarations[0].Declarators[0] is not { Symbol.Type.SpecialType: SpecialType.System_Int32 } declarator
            || (declarator.Initializer ?? group.Declarations[0].Initializer) is null)
        {
            return new LoopProblem(keyword, "A 'for' loop without exactly one int counter declared in its header", CountedLoop);
        }

        var counter = declarator.Symbol;
        if (loop.Condition is not IBinaryOperation
            {
                OperatorKind: BinaryOperatorKind.LessThan or BinaryOperatorKind.LessThanOrEqual,
                LeftOperand: ILocalReferenceOperation left,
            } condition
            || !SymbolEqualityComparer.Default.Equals(left.Local, counter))
        {
            return new LoopProblem(
                loop.Condition?.Syntax.GetLocation() ?? keyword,
                $"A 'for' loop whose condition is not '{counter.Name} < bound' or '{counter.Name} <= bound'",
                "count up from the start to a bound; to walk backwards, index with 'n - 1 - " + counter.Name + "'");
        }

        if (Step(loop.AtLoopBottom, counter) is null)
        {
            return new LoopProblem(
                loop.AtLoopBottom.FirstOrDefault()?.Syntax.GetLocation() ?? keyword,
                $"A 'for' loop whose step is not '{counter.Name}++' or '{counter.Name} += constant'",
                $"step the counter by a positive constant: '{counter.Name}++' or '{counter.Name} += 2'");
        }

        var root = Root(loop);
        var initializer = (declarator.Initializer ?? group.Declarations[0].Initializer)!.Value;
        foreach (var (bound, what) in new[] { (initializer, "start"), (condition.RightOperand, "bound") })
        {
            if (!IsLoopInvariant(bound, root, counter, 0))
            {
                return new LoopProblem(
                    bound.Syntax.GetLocation(),
                    $"The loop {what} '{Text(bound.Syntax)}'",
                    "the number of iterations must not depend on a differentiable value or change while the loop runs: compute it from int parameters, array lengths, tensor sizes (x.Size(0), x.Shape[1]) or constants");
            }
        }

        var write = FirstWrite(loop.Body, counter);
        if (write is not null)
        {
            return new LoopProblem(
                write.Syntax.GetLocation(),
                $"Writing the loop counter '{counter.Name}' in the loop body",
                $"leave '{counter.Name}' to the loop header, and use another local for any other index");
        }

        return null;
    }

    /// <summary>Null when the generator takes <paramref name="loop"/>; otherwise where and what to change.</summary>
    public static LoopProblem? Check(IForEachLoopOperation loop)
    {
        var keyword = loop.Syntax.GetFirstToken().GetLocation();
        var collection = Collection(loop);
        if (collection.Type is not IArrayTypeSymbol { Rank: 1 } arrayType)
        {
            return new LoopProblem(
                collection.Syntax.GetLocation(),
                $"A 'foreach' over '{Text(collection.Syntax)}', which is not a one-dimensional array",
                "pass the values as an array (double[], float[], Tensor[]) and loop over that");
        }

        if (loop.LoopControlVariable is not IVariableDeclaratorOperation { Symbol: { } element }
            || !SymbolEqualityComparer.Default.Equals(element.Type, arrayType.ElementType))
        {
            return new LoopProblem(keyword, "A 'foreach' whose variable is not of the array's element type", "declare the variable with 'var'");
        }

        return IsInvariantArray(collection, Root(loop))
            ? null
            : new LoopProblem(
                collection.Syntax.GetLocation(),
                $"A 'foreach' over '{Text(collection.Syntax)}'",
                "loop over an array parameter, or a local array that is never reassigned");
    }

    /// <summary>The array a <c>foreach</c> walks, without the implicit conversion around it.</summary>
    public static IOperation Collection(IForEachLoopOperation loop)
    {
        var collection = loop.Collection;
        while (collection is IConversionOperation { IsImplicit: true } conversion)
        {
            collection = conversion.Operand;
        }

        return collection;
    }

    /// <summary>The positive constant a counted loop adds to its counter, or null.</summary>
    public static int? Step(ImmutableArray<IOperation> atBottom, ILocalSymbol counter)
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

    /// <summary>True when <paramref name="operation"/> sits in the body of a loop (a return there would end the loop early).</summary>
    public static bool IsInsideLoop(IOperation operation)
    {
        for (var current = operation.Parent; current is not null; current = current.Parent)
        {
            if (current is ILoopOperation)
            {
                return true;
            }

            if (current is ILocalFunctionOperation or IAnonymousFunctionOperation)
            {
                return false;
            }
        }

        return false;
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
    /// constants, non-differentiable parameters, counters of enclosing loops, <c>Length</c>/<c>Count</c>/<c>Rank</c> of an
    /// array, and int locals assigned once from such expressions.
    /// </summary>
    private static bool IsLoopInvariant(IOperation operation, IOperation root, ILocalSymbol counter, int depth)
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
                return Parser.TypeOf(parameter.Type) is { IsDifferentiable: false };

            case ILocalReferenceOperation local when SymbolEqualityComparer.Default.Equals(local.Local, counter):
                return false;

            case ILocalReferenceOperation local when IsEnclosingCounter(local):
                return true;

            case ILocalReferenceOperation local:
            {
                if (local.Local.Type.SpecialType != SpecialType.System_Int32 || FirstWrite(root, local.Local) is not null)
                {
                    return false;
                }

                var declarator = root.Descendants().OfType<IVariableDeclaratorOperation>()
                    .FirstOrDefault(d => SymbolEqualityComparer.Default.Equals(d.Symbol, local.Local));
                var value = declarator?.Initializer?.Value;
                return value is not null && IsLoopInvariant(value, root, counter, depth + 1);
            }

            case IPropertyReferenceOperation { Property.Name: "Length" or "Count" or "Rank", Instance: { } instance } when instance.Type is IArrayTypeSymbol:
                return IsInvariantArray(instance, root);

            // A tensor's shape does not change while the loop runs, as long as the name keeps the same tensor:
            // x.Size(0), x.Shape[1], x.Rank, x.Shape.Rank (a loop over the time axis).
            case IPropertyReferenceOperation { Property.Name: "Rank", Instance: { } instance }:
                return IsInvariantTensor(instance, root) || IsShapeOfInvariantTensor(instance, root);

            case IInvocationOperation { TargetMethod.Name: "Size", Instance: { } instance, Arguments.Length: 1 } size:
                return IsInvariantTensor(instance, root) && IsLoopInvariant(size.Arguments[0].Value, root, counter, depth + 1);

            case IPropertyReferenceOperation { Property.IsIndexer: true, Instance: { } instance, Arguments.Length: 1 } indexer:
                return IsShapeOfInvariantTensor(instance, root) && IsLoopInvariant(indexer.Arguments[0].Value, root, counter, depth + 1);

            case IBinaryOperation binary:
                return binary.Type?.SpecialType == SpecialType.System_Int32
                    && IsLoopInvariant(binary.LeftOperand, root, counter, depth + 1) && IsLoopInvariant(binary.RightOperand, root, counter, depth + 1);

            case IConversionOperation conversion:
                return conversion.Type?.SpecialType == SpecialType.System_Int32 && IsLoopInvariant(conversion.Operand, root, counter, depth + 1);

            default:
                return false;
        }
    }

    /// <summary>True when <paramref name="local"/> is the counter of a loop around it (a triangular inner loop's bound).</summary>
    private static bool IsEnclosingCounter(ILocalReferenceOperation local)
    {
        for (var current = local.Parent; current is not null; current = current.Parent)
        {
            if (current is IForLoopOperation outer && outer.Before.Length == 1
                && outer.Before[0] is IVariableDeclarationGroupOperation { Declarations.Length: 1 } group
                && group.Declarations[0].Declarators.Length == 1
                && SymbolEqualityComparer.Default.Equals(group.Declarations[0].Declarators[0].Symbol, local.Local)
                && Check(outer) is null)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A tensor parameter or local that the method never reassigns.</summary>
    private static bool IsInvariantTensor(IOperation operation, IOperation root) =>
        Parser.TypeOf(operation.Type) is { Kind: Model.ValueKind.Tensor } && operation switch
        {
            IParameterReferenceOperation parameter => !root.Descendants().Any(o => o is IAssignmentOperation { Target: IParameterReferenceOperation t }
                && SymbolEqualityComparer.Default.Equals(t.Parameter, parameter.Parameter)),
            ILocalReferenceOperation local => FirstWrite(root, local.Local) is null,
            _ => false,
        };

    /// <summary><c>x.Shape</c> of a tensor the method never reassigns.</summary>
    private static bool IsShapeOfInvariantTensor(IOperation operation, IOperation root) =>
        operation is IPropertyReferenceOperation { Property.Name: "Shape", Instance: { } tensor } && IsInvariantTensor(tensor, root);

    /// <summary>An array parameter, or an array local that is never reassigned.</summary>
    private static bool IsInvariantArray(IOperation operation, IOperation root) => operation switch
    {
        IParameterReferenceOperation => true,
        ILocalReferenceOperation local => FirstWrite(root, local.Local) is null,
        _ => false,
    };

    /// <summary>The first assignment, compound assignment, increment or by-reference use inside <paramref name="scope"/> that writes <paramref name="local"/>.</summary>
    private static IOperation? FirstWrite(IOperation scope, ILocalSymbol local) => scope.Descendants().FirstOrDefault(o => o switch
    {
        ISimpleAssignmentOperation { Target: ILocalReferenceOperation t } => SymbolEqualityComparer.Default.Equals(t.Local, local),
        ICompoundAssignmentOperation { Target: ILocalReferenceOperation t } => SymbolEqualityComparer.Default.Equals(t.Local, local),
        IIncrementOrDecrementOperation { Target: ILocalReferenceOperation t } => SymbolEqualityComparer.Default.Equals(t.Local, local),
        IArgumentOperation { Parameter.RefKind: not RefKind.None, Value: ILocalReferenceOperation t } => SymbolEqualityComparer.Default.Equals(t.Local, local),
        _ => false,
    });

    private static string Text(SyntaxNode syntax)
    {
        var text = string.Join(" ", syntax.ToString().Split(new[] { ' ', '\t', '\r', '\n' }, System.StringSplitOptions.RemoveEmptyEntries));
        return text.Length <= 60 ? text : text.Substring(0, 57) + "...";
    }
}

/// <summary>Why a loop is not differentiated: where, what, and what to write instead (the analyzers' ADG1006 message).</summary>
internal sealed record LoopProblem(Location Location, string What, string Instead);
