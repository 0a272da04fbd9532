using System;
using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generators.Model;

namespace AutoDiffGen.Generators.Emit;

/// <summary>
/// The cross-check block every generated node's backward ends with (off: one branch): replay the user's forward op by
/// op on the tape and compare its gradients with the generated ones.
/// </summary>
internal static class CrossCheckWriter
{
    /// <summary>
    /// Writes the block. <paramref name="inputs"/> are the node's tensor inputs in order; <paramref name="state"/> is the
    /// node-state expression passed through to the replay (null for none) and <paramref name="stateParameter"/> the
    /// replay lambda's name for it; <paramref name="fromState"/> reads a non-input parameter from that name.
    /// </summary>
    public static void Write(
        IndentedWriter w,
        MethodSpec method,
        IReadOnlyList<ParameterSpec> inputs,
        string? state,
        string stateParameter,
        Func<ParameterSpec, string> fromState)
    {
        var qualified = string.Join(".", method.ContainingTypes.Select(t => t.Name).Concat(new[] { method.Name }));
        var names = "new[] { " + string.Join(", ", inputs.Select(p => "\"" + p.Name + "\"")) + " }";
        var tensors = method.Parameters.Any(p => p.Name == "inputs") ? "nodeInputs" : "inputs";
        var arguments = method.Parameters.Select(p =>
        {
            var index = IndexOf(inputs, p);
            return index >= 0 ? $"{tensors}[{index}]" : fromState(p);
        });
        var call = $"{method.Name}({string.Join(", ", arguments)})";
        var forward = state is null ? $"static {tensors} => {call}" : $"{state}, static ({tensors}, {stateParameter}) => {call}";
        w.Line();
        w.Line($"// Cross-check mode (Autograd.CrossCheck): replay {method.Name} op by op on the tape and compare the gradients.");
        w.Open("if (global::AutoDiffGen.CrossCheck.IsActive)");
        w.Line($"global::AutoDiffGen.CrossCheck.Compare(\"{qualified}\", {names}, node, grad, inputGrads, {forward});");
        w.Close();
    }

    private static int IndexOf(IReadOnlyList<ParameterSpec> inputs, ParameterSpec parameter)
    {
        for (var i = 0; i < inputs.Count; i++)
        {
            if (Equals(inputs[i], parameter))
            {
                return i;
            }
        }

        return -1;
    }
}
