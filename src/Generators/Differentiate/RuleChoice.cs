using System;
using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generators.Lower;
using AutoDiffGen.Generators.Model;

namespace AutoDiffGen.Generators.Differentiate;

/// <summary>Picks which <c>[DerivativeOf]</c> rules of a call to run: one rule covering every active input when there is one, else one per input.</summary>
internal static class RuleChoice
{
    /// <summary>The rules to call, each with the argument indices whose gradients to take from it; null when some active input has no rule.</summary>
    public static List<(RuleSpec Rule, List<int> ArgIndices)>? Choose(Instr call, Func<int, bool> isActive)
    {
        var spec = call.Call!;
        var activeNames = new List<string>();
        for (var i = 0; i < call.Args.Count && i < spec.ParameterNames.Count; i++)
        {
            if (isActive(call.Args[i]))
            {
                activeNames.Add(spec.ParameterNames[i]);
            }
        }

        if (activeNames.Count == 0)
        {
            return new List<(RuleSpec, List<int>)>();
        }

        var whole = spec.Rules.FirstOrDefault(r => activeNames.All(r.Returns.Contains));
        var chosen = new List<(RuleSpec Rule, List<int> ArgIndices)>();
        foreach (var name in activeNames)
        {
            var rule = whole ?? spec.Rules.OrderBy(r => r.Returns.Count).FirstOrDefault(r => r.Returns.Contains(name));
            if (rule is null)
            {
                return null;
            }

            var index = IndexOf(spec.ParameterNames, name);
            var existing = chosen.FindIndex(c => c.Rule == rule);
            if (existing >= 0)
            {
                chosen[existing].ArgIndices.Add(index);
            }
            else
            {
                chosen.Add((rule, new List<int> { index }));
            }
        }

        return chosen;
    }

    public static int IndexOf(EquatableArray<string> names, string name)
    {
        for (var i = 0; i < names.Count; i++)
        {
            if (names[i] == name)
            {
                return i;
            }
        }

        return -1;
    }
}
