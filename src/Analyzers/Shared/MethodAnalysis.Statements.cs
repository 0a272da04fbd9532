using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using AutoDiffGen.Generators.Parse;
using Microsoft.CodeAnalysis.Operations;

namespace AutoDiffGen.Analyzers.Shared;

/// <summary>Statements: what the generator takes (declarations, assignments to locals and parameters, if/else, return) and what it does not.</summary>
internal sealed partial class MethodAnalysis
{
    private const string DefaultInstead = "a [Differentiable] method may use local declarations, assignments to locals and parameters, if/else, return, arithmetic and calls";

    private void Statement(IOperation operation)
    {
        _cancellationToken.ThrowIfCancellationRequested();
        switch (operation)
        {
            case IBlockOperation block:
                foreach (var inner in block.Operations)
                {
                    Statement(inner);
                }

                return;

            case IEmptyOperation:
                return;

            case IVariableDeclarationGroupOperation group:
                foreach (var declaration in group.Declarations)
                {
                    foreach (var declarator in declaration.Declarators)
                    {
                        var initializer = declarator.Initializer ?? declaration.Initializer;
                        if (declarator.Symbol.IsRef)
                        {
                            Unsupported(declarator.Syntax.GetLocation(), $"The ref local '{declarator.Symbol.Name}'", "declare a plain local holding the value");
                        }
                        else if (initializer is null)
                        {
                            Unsupported(declarator.Syntax.GetLocation(), $"The local '{declarator.Symbol.Name}' declared without a value", "give it its value where it is declared");
                        }
                        else
                        {
                            Expression(initializer.Value);
                        }
                    }
                }

                return;

            case IExpressionStatementOperation expressionStatement:
                ExpressionStatement(expressionStatement);
                return;

            case IReturnOperation { ReturnedValue: { } returned }:
                if (LoopShape.IsInsideLoop(operation))
                {
                    Unsupported(FirstToken(operation), "A 'return' inside a loop", "a loop runs all its iterations: assign the result to a local and return it after the loop");
                }

                Expression(returned);
                return;

            case IBranchOperation { BranchKind: BranchKind.Break or BranchKind.Continue } branch when LoopShape.IsInsideLoop(operation):
                Unsupported(
                    FirstToken(operation),
                    $"'{Text(branch.Syntax)}' in a loop",
                    "a loop runs all its iterations: guard the rest of the body with if/else instead");
                return;

            case IConditionalOperation conditional:
                Condition(conditional.Condition, "condition of this 'if'");
                Expression(conditional.Condition);
                Statement(conditional.WhenTrue);
                if (conditional.WhenFalse is { } whenFalse)
                {
                    Statement(whenFalse);
                }

                return;

            case ILoopOperation loop:
                Loop(loop);
                return;

            case ISwitchOperation switchOperation:
                Condition(switchOperation.Value, "value this 'switch' tests");
                Unsupported(FirstToken(operation), "A 'switch' statement", "use if/else, or '?:'");
                return;

            case IBranchOperation:
            case ILabeledOperation:
                Unsupported(FirstToken(operation), $"'{Text(operation.Syntax)}'", "use if/else and return");
                return;

            case ITryOperation:
                Unsupported(FirstToken(operation), "A 'try' statement", "check inputs before calling the method; a [Differentiable] method only computes values");
                return;

            case ILockOperation:
                Unsupported(FirstToken(operation), "A 'lock' statement", "synchronize outside the method; a [Differentiable] method only computes values");
                return;

            case IUsingOperation:
            case IUsingDeclarationOperation:
                Unsupported(FirstToken(operation), "A 'using' statement", "manage resources outside the method; a [Differentiable] method only computes values");
                return;

            case IThrowOperation:
                Unsupported(FirstToken(operation), "A 'throw' statement", "check inputs before calling the method; a [Differentiable] method only computes values");
                return;

            case ILocalFunctionOperation localFunction:
                Unsupported(
                    localFunction.Syntax is Microsoft.CodeAnalysis.CSharp.Syntax.LocalFunctionStatementSyntax local ? local.Identifier.GetLocation() : FirstToken(operation),
                    $"The local function '{localFunction.Symbol.Name}'",
                    "make it a static [Differentiable] method of the type and call that");
                return;

            default:
                Unsupported(FirstToken(operation), $"The statement '{Text(operation.Syntax)}'", DefaultInstead);
                return;
        }
    }

    private void ExpressionStatement(IExpressionStatementOperation statement)
    {
        switch (statement.Operation)
        {
            case ISimpleAssignmentOperation assignment:
                if (AssignTarget(assignment.Target, assignment))
                {
                    Expression(assignment.Value);
                }

                return;

            case ICompoundAssignmentOperation compound:
                if (AssignTarget(compound.Target, compound))
                {
                    if (AutoDiffGen.Generators.Parse.Parser.BinaryOperatorText(compound.OperatorKind) is null)
                    {
                        Unsupported(compound.Syntax.GetLocation(), $"The operator in '{Text(compound.Syntax)}'", "use + - * / % (write 'x = x op y')");
                    }

                    Expression(compound.Value);
                }

                return;

            case IIncrementOrDecrementOperation increment:
                if (MutatedReceiver(increment.Target) is { } receiver)
                {
                    InPlace(increment.Syntax, receiver);
                }
                else
                {
                    Unsupported(increment.Syntax.GetLocation(), $"'{Text(increment.Syntax)}'", "write 'i = i + 1'");
                }

                return;

            case IInvocationOperation invocation when IsMutatingCall(invocation):
                InPlace(invocation.Syntax, invocation.Instance!);
                return;

            case IThrowOperation:
                Unsupported(FirstToken(statement), "A 'throw' statement", "check inputs before calling the method; a [Differentiable] method only computes values");
                return;

            case IDeconstructionAssignmentOperation:
                Unsupported(statement.Operation.Syntax.GetLocation(), $"The deconstruction '{Text(statement.Operation.Syntax)}'", "declare one local per value");
                return;

            case IInvocationOperation invocation:
                Unsupported(statement.Operation.Syntax.GetLocation(), $"The call '{Text(invocation.Syntax)}' whose result is discarded", "assign its result to a local, or remove the call");
                return;

            default:
                Unsupported(statement.Operation.Syntax.GetLocation(), $"The statement '{Text(statement.Syntax)}'", DefaultInstead);
                return;
        }
    }

    /// <summary>Locals and parameters may be assigned; a member, indexer or element of a value may not. False when reported.</summary>
    private bool AssignTarget(IOperation target, IOperation assignment)
    {
        switch (target)
        {
            case ILocalReferenceOperation:
            case IParameterReferenceOperation:
                return true;
        }

        if (MutatedReceiver(target) is { } receiver)
        {
            InPlace(assignment.Syntax, receiver);
        }
        else
        {
            Unsupported(target.Syntax.GetLocation(), $"Assigning to '{Text(target.Syntax)}'", "assign only to locals and parameters, and return the new value");
        }

        return false;
    }

    /// <summary>The differentiable value whose member, indexer or element <paramref name="target"/> writes, if any.</summary>
    private IOperation? MutatedReceiver(IOperation target)
    {
        var receiver = target switch
        {
            IPropertyReferenceOperation property => property.Instance,
            IFieldReferenceOperation field => field.Instance,
            IArrayElementReferenceOperation element => element.ArrayReference,
            _ => null,
        };
        if (receiver?.Type is null)
        {
            return null;
        }

        var type = receiver.Type is IArrayTypeSymbol array ? array.ElementType : receiver.Type;
        return TypeClassifier.Family(type, _known) != ValueFamily.None ? receiver : null;
    }

    /// <summary>A Tensor method that changes its receiver: PyTorch's trailing-underscore convention, or one returning nothing.</summary>
    private bool IsMutatingCall(IInvocationOperation invocation) =>
        invocation.Instance is { } instance && _known.IsTensor(instance.Type)
        && (invocation.TargetMethod.Name.EndsWith("_", System.StringComparison.Ordinal) || invocation.TargetMethod.ReturnsVoid);

    private void InPlace(SyntaxNode syntax, IOperation receiver) =>
        Report(DiagnosticDescriptors.ADG1007_InPlaceMutation, syntax.GetLocation(), Text(syntax), Text(receiver.Syntax));

    /// <summary>
    /// Counted <c>for</c> loops and <c>foreach</c> over arrays are differentiated (their bodies are checked like any
    /// other statements); every other loop, and a counted loop of the wrong shape, gets ADG1006 saying what to change.
    /// </summary>
    private void Loop(ILoopOperation loop)
    {
        var problem = loop switch
        {
            IForLoopOperation forLoop => LoopShape.Check(forLoop),
            IForEachLoopOperation forEach => LoopShape.Check(forEach),
            _ => null,
        };
        if (loop is IForLoopOperation or IForEachLoopOperation && problem is null)
        {
            Statement(loop.Body);
            return;
        }

        switch (loop)
        {
            case IWhileLoopOperation { Condition: { } condition }:
                Condition(condition, "loop condition");
                break;
            case IForLoopOperation { Condition: { } condition }:
                Condition(condition, "loop condition");
                break;
            case IForEachLoopOperation forEach:
                Condition(forEach.Collection, "collection this 'foreach' walks");
                break;
        }

        if (problem is not null)
        {
            Unsupported(problem.Location, problem.What, problem.Instead);
            return;
        }

        var keyword = loop.Syntax.GetFirstToken().ValueText;
        Unsupported(FirstToken(loop), $"A '{keyword}' loop", LoopShape.CountedLoop);
    }

    /// <summary>ADG1008 on every largest differentiable sub-expression of <paramref name="condition"/> that depends on a differentiable input.</summary>
    private void Condition(IOperation condition, string what)
    {
        foreach (var active in LargestActive(condition))
        {
            Report(DiagnosticDescriptors.ADG1008_ControlFlowDependsOnDifferentiableValue, active.Syntax.GetLocation(), what, Text(active.Syntax));
        }
    }

    private IEnumerable<IOperation> LargestActive(IOperation operation)
    {
        if (_activity!.IsActive(operation))
        {
            // An implicit conversion shares its operand's syntax; report the operand so the span is what the user wrote.
            yield return operation is IConversionOperation { IsImplicit: true } conversion ? conversion.Operand : operation;
            yield break;
        }

        // A differentiable value that is not active was cut on purpose (WithoutDerivative) or is constant; a member or call
        // with a discrete result (x.Rank, x.Shape[0]) reads structure, not values: nothing below either matters.
        if (TypeClassifier.Family(operation.Type, _known) != ValueFamily.None
            || operation is not (IBinaryOperation or IUnaryOperation or IConversionOperation or IConditionalOperation))
        {
            yield break;
        }

        foreach (var child in operation.ChildOperations.SelectMany(LargestActive))
        {
            yield return child;
        }
    }

    private static Location FirstToken(IOperation operation) => operation.Syntax.GetFirstToken().GetLocation();
}
