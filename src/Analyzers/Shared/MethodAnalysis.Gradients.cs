using System;
using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generators.Differentiate;
using AutoDiffGen.Generators.Lower;
using AutoDiffGen.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace AutoDiffGen.Analyzers.Shared;

/// <summary>Whole-method facts about the gradient: inputs it never reaches (ADG1010) and forward values it keeps (ADG2001).</summary>
internal sealed partial class MethodAnalysis
{
    private void CheckZeroGradients(IOperation block, List<ISymbol> differentiable)
    {
        var returns = block.DescendantsAndSelf().OfType<IReturnOperation>().Where(r => r.ReturnedValue is not null).ToList();
        var detached = block.DescendantsAndSelf().OfType<IInvocationOperation>()
            .Where(i => Activity.IsWithoutDerivative(i.TargetMethod, _known))
            .SelectMany(i => i.Arguments)
            .ToList();
        foreach (var parameter in differentiable)
        {
            var alone = Activity.Compute(block, new[] { parameter }, _known);
            if (returns.Any(r => alone.IsActive(r.ReturnedValue)))
            {
                continue;
            }

            // Deliberately cut with WithoutDerivative: the user said so, as Swift's withoutDerivative(at:) silences its warning.
            if (detached.Any(a => alone.IsActive(a)))
            {
                continue;
            }

            var syntax = Syntax.ParameterList.Parameters[((IParameterSymbol)parameter).Ordinal];
            Report(DiagnosticDescriptors.ADG1010_ZeroGradient, syntax.Identifier.GetLocation(), Method.Name, parameter.Name);
        }
    }

    /// <summary>
    /// ADG2001, read off the generator's own backward: the forward values its reverse sweep reads. The tape node holds
    /// the inputs until the backward runs; the generated backward recomputes the intermediates from them.
    /// </summary>
    private void ReportKeptAlive(DifferentiatedMethod differentiated)
    {
        var backward = differentiated.Backward.Body.Instrs;

        // The backward starts with the forward's instructions, copied with their ids; its own ('grad' first) come after.
        var firstOwnId = backward.First(i => i.Op == OpCode.Parameter && i.Text == "grad").Id;
        var forward = new Dictionary<int, Instr>();
        var sweep = new List<Instr>();
        foreach (var instr in backward)
        {
            if (instr.Id < firstOwnId)
            {
                Collect(instr, forward);
            }
            else
            {
                Flatten(instr, sweep);
            }
        }

        // A value read only for its Shape (ReduceGrad of a broadcasting op) costs its shape, not its elements.
        var read = new List<Instr>();
        var valueRead = new HashSet<int>();
        foreach (var instr in sweep)
        {
            var shapeOnly = instr.Op == OpCode.Call && instr.Call is { IsProperty: true, Name: "Shape" };
            foreach (var id in instr.Args)
            {
                if (forward.TryGetValue(id, out var value) && value.Op is not (OpCode.Constant or OpCode.StaticMember))
                {
                    if (!read.Contains(value))
                    {
                        read.Add(value);
                    }

                    if (!shapeOnly)
                    {
                        valueRead.Add(id);
                    }
                }
            }
        }

        if (read.Count == 0)
        {
            return;
        }

        string What(Instr i) => valueRead.Contains(i.Id) ? ShortType(i.Type) : ShortType(i.Type) + ", only its shape";
        var inputs = read.Where(i => i.Op == OpCode.Parameter).Select(i => $"{i.Text} ({What(i)}; an input, held by the tape node)");
        var recomputed = read.Where(i => i.Op != OpCode.Parameter)
            .Select(i => $"{(i.Name.Length > 0 ? i.Name : $"the '{i.Text}' result")} ({What(i)}; recomputed from the inputs{Source(i)})");
        Report(DiagnosticDescriptors.ADG2001_BackwardKeepsAlive, Syntax.Identifier.GetLocation(), Method.Name, read.Count, string.Join(", ", inputs.Concat(recomputed)));
    }

    private static string Source(Instr instr) => instr.Source.Length == 0 ? string.Empty : $" by '{instr.Source}'";

    private static string ShortType(TypeSpec type) => type.Display.Replace("global::AutoDiffGen.", string.Empty).Replace("global::", string.Empty);

    private static void Collect(Instr instr, Dictionary<int, Instr> into)
    {
        into[instr.Id] = instr;
        foreach (var inner in (instr.Then?.Instrs ?? EquatableArray<Instr>.Empty).Concat(instr.Else?.Instrs ?? EquatableArray<Instr>.Empty))
        {
            Collect(inner, into);
        }
    }

    private static void Flatten(Instr instr, List<Instr> into)
    {
        into.Add(instr);
        foreach (var inner in (instr.Then?.Instrs ?? EquatableArray<Instr>.Empty).Concat(instr.Else?.Instrs ?? EquatableArray<Instr>.Empty))
        {
            Flatten(inner, into);
        }
    }
}
