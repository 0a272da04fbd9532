using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace AutoDiffGen.Generators.Parse;

/// <summary>
/// Loops: counted <c>for</c> loops and <c>foreach</c> over an array, the shapes <see cref="LoopShape"/> accepts.
/// Anything else (<c>while</c>, <c>do</c>, <c>break</c>, <c>continue</c>, a <c>return</c> inside the body, a bound
/// computed from a differentiable value, a body that writes the counter) is not parsed, and the method is skipped.
/// </summary>
internal sealed partial class Parser
{
    // Index names of the loops around the statement being parsed (a foreach's made-up index must not shadow them).
    private readonly List<string> _loopCounters = new();

    private bool InLoop => _loopCounters.Count > 0;

    private bool ParseFor(IForLoopOperation loop, List<StatementSpec> into)
    {
        if (LoopShape.Check(loop) is not null)
        {
            return false;
        }

        var group = (IVariableDeclarationGroupOperation)loop.Before[0];
        var declarator = group.Declarations[0].Declarators[0];
        var condition = (IBinaryOperation)loop.Condition!;
        var start = ParseExpression((declarator.Initializer ?? group.Declarations[0].Initializer)!.Value);
        var bound = ParseExpression(condition.RightOperand);
        if (start is null || bound is null)
        {
            return false;
        }

        var counter = declarator.Symbol.Name;
        var header = new LoopSpec(counter, start, bound, condition.OperatorKind == BinaryOperatorKind.LessThanOrEqual, LoopShape.Step(loop.AtLoopBottom, declarator.Symbol)!.Value);
        _loopCounters.Add(counter);
        var body = ParseStatements(Flatten(loop.Body));
        _loopCounters.RemoveAt(_loopCounters.Count - 1);
        if (body is null)
        {
            return false;
        }

        var source = "for (" + SourceText(group.Syntax) + "; " + SourceText(condition.Syntax) + "; "
            + string.Join(", ", loop.AtLoopBottom.Select(o => SourceText(o.Syntax))) + ")";
        into.Add(new StatementSpec(StatementKind.For, string.Empty, null, string.Empty, body.ToEquatableArray(), EquatableArray<StatementSpec>.Empty, source, Loop: header));
        return true;
    }

    /// <summary><c>foreach (var x in xs)</c> over a one-dimensional array becomes <c>for (int i = 0; i &lt; xs.Length; i++) { var x = xs[i]; ... }</c>.</summary>
    private bool ParseForEach(IForEachLoopOperation loop, List<StatementSpec> into)
    {
        if (LoopShape.Check(loop) is not null)
        {
            return false;
        }

        var collection = LoopShape.Collection(loop);
        var element = ((IVariableDeclaratorOperation)loop.LoopControlVariable).Symbol;
        var array = ParseExpression(collection);
        // The array's element type, not the variable's: a 'var' local reads as nullable (Tensor?) in a nullable context.
        var elementType = TypeOf(((IArrayTypeSymbol)collection.Type!).ElementType);
        if (array is null || elementType is null)
        {
            return false;
        }

        // The index is a fresh name: no local or parameter of the method, nor an enclosing loop's index, may be shadowed by it.
        var root = loop.Parent ?? loop;
        while (root.Parent is { } parent)
        {
            root = parent;
        }

        var taken = new HashSet<string>(root.Descendants().OfType<IVariableDeclaratorOperation>().Select(d => d.Symbol.Name));
        taken.UnionWith(root.Descendants().OfType<IParameterReferenceOperation>().Select(p => p.Parameter.Name));
        taken.UnionWith(_loopCounters);
        var counter = new[] { "i", "j", "k", "index" }.FirstOrDefault(n => !taken.Contains(n));
        for (var n = 2; counter is null; n++)
        {
            counter = taken.Contains("i" + n) ? null : "i" + n;
        }

        var length = new ExpressionSpec(
            ExpressionKind.Call,
            TypeSpec.Int,
            "Length",
            EquatableArray.Of(array),
            new CallSpec(CallKind.Plain, "Length", "Length", IsInstance: true, IsProperty: true, EquatableArray.Of("this"), EquatableArray<RuleSpec>.Empty, IsPure: true));
        var zero = new ExpressionSpec(ExpressionKind.Literal, TypeSpec.Int, "0", EquatableArray<ExpressionSpec>.Empty);
        var index = new ExpressionSpec(ExpressionKind.Local, TypeSpec.Int, counter, EquatableArray<ExpressionSpec>.Empty);
        var read = new ExpressionSpec(ExpressionKind.ArrayElement, elementType, string.Empty, EquatableArray.Of(array, index));
        var source = loop.Syntax is ForEachStatementSyntax syntax
            ? "foreach (" + SourceText(syntax.Type) + " " + syntax.Identifier.ValueText + " in " + SourceText(syntax.Expression) + ")"
            : "foreach (" + element.Name + " in " + SourceText(collection.Syntax) + ")";

        var body = new List<StatementSpec> { Statement(StatementKind.Declare, element.Name, read, string.Empty, source) };
        _loopCounters.Add(counter);
        var inner = ParseStatements(Flatten(loop.Body));
        _loopCounters.RemoveAt(_loopCounters.Count - 1);
        if (inner is null)
        {
            return false;
        }

        body.AddRange(inner);
        var header = new LoopSpec(counter, zero, length, Inclusive: false, Step: 1);
        into.Add(new StatementSpec(StatementKind.For, string.Empty, null, string.Empty, body.ToEquatableArray(), EquatableArray<StatementSpec>.Empty, source, Loop: header));
        return true;
    }
}
