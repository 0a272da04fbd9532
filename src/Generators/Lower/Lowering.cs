using System;
using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generators.Model;

namespace AutoDiffGen.Generators.Lower;

/// <summary>
/// Lower stage: statements to SSA. Locals are renamed on every assignment, compound assignments become binary
/// operations, and <c>if/else</c> and <c>?:</c> become structured <see cref="OpCode.If"/> regions whose merged
/// locals (and returned values) are <see cref="OpCode.Phi"/>s. An early <c>return</c> in one branch moves the
/// statements after the <c>if</c> into the other branch, so every path ends in exactly one return. Counted loops
/// become <see cref="OpCode.Loop"/> regions (Lower/Loops.cs).
/// </summary>
internal sealed partial class Lowering
{
    /// <summary>The value of a local declared without an initializer, until it is assigned.</summary>
    private const int Unassigned = -1;

    private readonly IrBuilder _builder = new(0);

    /// <summary>The pipeline's entry: null when the body cannot be lowered; never throws.</summary>
    public static LoweredMethod? Lower(MethodSpec method)
    {
        try
        {
            if (UnexpectedFailure.InjectIntoLowerFor is { } injected && method.Name == injected)
            {
                throw new InvalidOperationException("a failure injected by a test");
            }

            var lowering = new Lowering();
            var env = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var parameter in method.Parameters)
            {
                env[parameter.Name] = lowering._builder.Add(OpCode.Parameter, parameter.Type, EquatableArray<int>.Empty, parameter.Name, name: parameter.Name);
            }

            var result = lowering.LowerStatements(method.Body.ToList(), env);
            if (result is null)
            {
                return null;
            }

            var body = lowering._builder.Pop();
            var forward = new IrFunction(body, EquatableArray.Of(new IrOutput("Value", result.Value)), lowering._builder.NextId);
            return new LoweredMethod(method, forward);
        }
        catch (Exception e)
        {
            UnexpectedFailure.Record("Lower", e);
            return null;
        }
    }

    /// <summary>Lowers statements until a return; returns the returned value, or null when control falls off the end.</summary>
    private int? LowerStatements(List<StatementSpec> statements, Dictionary<string, int> env)
    {
        for (var i = 0; i < statements.Count; i++)
        {
            var statement = statements[i];
            _builder.Source = statement.Source;
            _builder.Location = statement.Location;
            switch (statement.Kind)
            {
                case StatementKind.Declare when statement.Value is null:
                    env[statement.Name] = Unassigned;
                    break;

                case StatementKind.Declare:
                case StatementKind.Assign:
                {
                    var value = LowerExpression(statement.Value!, env);
                    _builder.NameIfUnnamed(value, statement.Name);
                    env[statement.Name] = value;
                    break;
                }

                case StatementKind.CompoundAssign:
                {
                    var right = LowerExpression(statement.Value!, env);
                    var left = env[statement.Name];
                    env[statement.Name] = _builder.Binary(statement.Operator, _builder[left].Type, left, right, statement.Name);
                    break;
                }

                case StatementKind.Return:
                    return LowerExpression(statement.Value!, env);

                case StatementKind.For:
                    LowerLoop(statement, env);
                    break;

                case StatementKind.If:
                {
                    var rest = statements.Skip(i + 1).ToList();
                    var thenStatements = statement.Then.ToList();
                    var elseStatements = statement.Else.ToList();
                    var thenReturns = AlwaysReturns(thenStatements);
                    var elseReturns = AlwaysReturns(elseStatements);

                    // An early return in one branch: the rest of the method belongs to the other branch.
                    if (thenReturns != elseReturns)
                    {
                        (thenReturns ? elseStatements : thenStatements).AddRange(rest);
                        return LowerIf(statement, thenStatements, elseStatements, env, returns: true);
                    }

                    if (thenReturns)
                    {
                        return LowerIf(statement, thenStatements, elseStatements, env, returns: true);
                    }

                    LowerIf(statement, thenStatements, elseStatements, env, returns: false);
                    break;
                }
            }
        }

        return null;
    }

    /// <summary>
    /// Lowers an if/else into one region. When both branches return, the region's single result is the returned
    /// value; otherwise its results are the locals the branches changed, and <paramref name="env"/> is updated.
    /// </summary>
    private int? LowerIf(StatementSpec statement, List<StatementSpec> thenStatements, List<StatementSpec> elseStatements, Dictionary<string, int> env, bool returns)
    {
        var condition = LowerExpression(statement.Value!, env);
        var source = statement.Source;
        var location = statement.Location;

        _builder.Push();
        var thenEnv = new Dictionary<string, int>(env, StringComparer.Ordinal);
        var thenResult = LowerStatements(thenStatements, thenEnv);
        var thenBlock = _builder.Pop();

        _builder.Push();
        var elseEnv = new Dictionary<string, int>(env, StringComparer.Ordinal);
        var elseResult = LowerStatements(elseStatements, elseEnv);
        var elseBlock = _builder.Pop();
        _builder.Source = source;
        _builder.Location = location;

        if (returns)
        {
            if (thenResult is null || elseResult is null)
            {
                throw new NotSupportedException("a branch does not return");
            }

            return EmitIf(condition, thenBlock, elseBlock, new[] { (thenResult.Value, elseResult.Value, "result") })[0];
        }

        // Locals changed by a branch merge into a result; one still unassigned on a path stays unusable, as in C#.
        var merged = env.Keys
            .Where(name => thenEnv[name] != env[name] || elseEnv[name] != env[name])
            .Where(name => thenEnv[name] != Unassigned && elseEnv[name] != Unassigned)
            .Select(name => (thenEnv[name], elseEnv[name], name))
            .ToArray();
        var phis = EmitIf(condition, thenBlock, elseBlock, merged);
        for (var i = 0; i < merged.Length; i++)
        {
            env[merged[i].name] = phis[i];
        }

        return null;
    }

    private int[] EmitIf(int condition, Block thenBlock, Block elseBlock, (int Then, int Else, string Name)[] results)
    {
        var id = _builder.FreshId();
        _builder.Append(new Instr(
            id,
            OpCode.If,
            TypeSpec.Bool,
            EquatableArray.Of(condition),
            Then: thenBlock,
            Else: elseBlock,
            ThenYields: results.Select(r => r.Then).ToEquatableArray(),
            ElseYields: results.Select(r => r.Else).ToEquatableArray(),
            Source: _builder.Source,
            Location: _builder.Location));
        foreach (var instr in thenBlock.Instrs.Concat(elseBlock.Instrs))
        {
            RememberDeep(instr);
        }

        var phis = new int[results.Length];
        for (var i = 0; i < results.Length; i++)
        {
            var type = _builder[results[i].Then].Type;
            phis[i] = _builder.Add(OpCode.Phi, type, EquatableArray.Of(id), i.ToString(System.Globalization.CultureInfo.InvariantCulture), name: results[i].Name);
        }

        return phis;
    }

    private void RememberDeep(Instr instr)
    {
        _builder.Remember(instr);
        foreach (var inner in (instr.Then?.Instrs ?? EquatableArray<Instr>.Empty).Concat(instr.Else?.Instrs ?? EquatableArray<Instr>.Empty))
        {
            RememberDeep(inner);
        }
    }

    private static bool AlwaysReturns(List<StatementSpec> statements) => statements.Count > 0 && statements[statements.Count - 1] switch
    {
        { Kind: StatementKind.Return } => true,
        { Kind: StatementKind.If } last => AlwaysReturns(last.Then.ToList()) && AlwaysReturns(last.Else.ToList()),
        _ => false,
    } || statements.Any(s => s.Kind == StatementKind.Return);

    private int LowerExpression(ExpressionSpec expression, Dictionary<string, int> env)
    {
        switch (expression.Kind)
        {
            case ExpressionKind.Parameter:
            case ExpressionKind.Local:
                return env.TryGetValue(expression.Text, out var value) && value != Unassigned
                    ? value
                    : throw new NotSupportedException("unknown name " + expression.Text);

            case ExpressionKind.Literal:
                return _builder.Add(OpCode.Constant, expression.Type, EquatableArray<int>.Empty, expression.Text);

            case ExpressionKind.Unary when expression.Text == "+":
                return LowerExpression(expression.Args[0], env);

            case ExpressionKind.Conditional:
            {
                var condition = LowerExpression(expression.Args[0], env);
                _builder.Push();
                var whenTrue = LowerExpression(expression.Args[1], env);
                var thenBlock = _builder.Pop();
                _builder.Push();
                var whenFalse = LowerExpression(expression.Args[2], env);
                var elseBlock = _builder.Pop();

                // Branches that only pick constants or existing values need no region: c ? a : b computes nothing twice.
                if (thenBlock.Instrs.Concat(elseBlock.Instrs).All(i => i.Op == OpCode.Constant))
                {
                    foreach (var constant in thenBlock.Instrs.Concat(elseBlock.Instrs))
                    {
                        _builder.Append(constant);
                    }

                    return _builder.Add(OpCode.Select, expression.Type, EquatableArray.Of(condition, whenTrue, whenFalse));
                }

                return EmitIf(condition, thenBlock, elseBlock, new[] { (whenTrue, whenFalse, string.Empty) })[0];
            }

            default:
            {
                var args = expression.Args.Select(a => LowerExpression(a, env)).ToEquatableArray();
                var op = expression.Kind switch
                {
                    ExpressionKind.Binary => OpCode.Binary,
                    ExpressionKind.Unary => OpCode.Unary,
                    ExpressionKind.Convert => OpCode.Convert,
                    ExpressionKind.Call => OpCode.Call,
                    ExpressionKind.ArrayCreation => OpCode.ArrayCreation,
                    ExpressionKind.ObjectCreation => OpCode.ObjectCreation,
                    ExpressionKind.StaticMember => OpCode.StaticMember,
                    ExpressionKind.ArrayElement => OpCode.ArrayElement,
                    _ => throw new NotSupportedException(expression.Kind.ToString()),
                };

                // Unnamed values get a name from what computes them only when emitted (Naming), so a source local wins.
                return _builder.Add(op, expression.Type, args, expression.Text, expression.Call);
            }
        }
    }
}
