using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using AutoDiffGen.Generators.Model;

namespace AutoDiffGen.Generators.Lower;

/// <summary>
/// Counted loops to one <see cref="OpCode.Loop"/> region. The locals the body assigns that live outside it are the
/// loop-carried values: the loop takes their values before it, the body reads them at iteration entry through
/// <see cref="OpCode.Carried"/> and yields them at iteration exit, and <see cref="OpCode.Phi"/>s after the loop are their
/// final values (the initial ones when the loop runs zero times).
/// </summary>
internal sealed partial class Lowering
{
    private void LowerLoop(StatementSpec statement, Dictionary<string, int> env)
    {
        var header = statement.Loop!;
        var source = statement.Source;
        var start = LowerExpression(header.Start, env);
        var bound = LowerExpression(header.Bound, env);
        var step = _builder.Add(OpCode.Constant, TypeSpec.Int, EquatableArray<int>.Empty, header.Step.ToString(CultureInfo.InvariantCulture));

        var carriedNames = AssignedNames(statement.Then).Where(env.ContainsKey).ToList();
        if (carriedNames.Any(name => env[name] == Unassigned))
        {
            // A local first assigned inside the loop is unassigned when the loop runs zero times: C# keeps it unusable after.
            throw new NotSupportedException("a local first assigned inside a loop");
        }

        var id = _builder.FreshId();
        _builder.Push();
        var bodyEnv = new Dictionary<string, int>(env, StringComparer.Ordinal);
        bodyEnv[header.Counter] = _builder.Add(OpCode.LoopIndex, TypeSpec.Int, EquatableArray.Of(id), name: header.Counter);
        for (var k = 0; k < carriedNames.Count; k++)
        {
            var name = carriedNames[k];
            bodyEnv[name] = _builder.Add(OpCode.Carried, _builder[env[name]].Type, EquatableArray.Of(id), k.ToString(CultureInfo.InvariantCulture), name: name);
        }

        if (LowerStatements(statement.Then.ToList(), bodyEnv) is not null)
        {
            throw new NotSupportedException("a return inside a loop");
        }

        var body = _builder.Pop();
        _builder.Source = source;
        var loop = new Instr(
            id,
            OpCode.Loop,
            TypeSpec.Bool,
            new[] { start, bound, step }.Concat(carriedNames.Select(n => env[n])).ToEquatableArray(),
            Text: header.Inclusive ? "<=" : "<",
            Then: body,
            ThenYields: carriedNames.Select(n => bodyEnv[n]).ToEquatableArray(),
            Name: header.Counter,
            Source: source);
        _builder.Append(loop);
        foreach (var instr in body.Instrs)
        {
            RememberDeep(instr);
        }

        for (var k = 0; k < carriedNames.Count; k++)
        {
            var type = _builder[env[carriedNames[k]]].Type;
            env[carriedNames[k]] = _builder.Add(OpCode.Phi, type, EquatableArray.Of(id), k.ToString(CultureInfo.InvariantCulture), name: carriedNames[k]);
        }
    }

    /// <summary>The names a statement list assigns (nested branches and loops included), in order of first assignment.</summary>
    private static List<string> AssignedNames(IEnumerable<StatementSpec> statements)
    {
        var names = new List<string>();
        void Walk(IEnumerable<StatementSpec> list)
        {
            foreach (var statement in list)
            {
                if (statement.Kind is StatementKind.Assign or StatementKind.CompoundAssign && !names.Contains(statement.Name))
                {
                    names.Add(statement.Name);
                }

                Walk(statement.Then);
                Walk(statement.Else);
            }
        }

        Walk(statements);
        return names;
    }
}
