using System.Collections.Generic;
using System.Linq;
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
    /// ADG2001: the forward values a backward rule reads (an operand of *, /, a rule's bound parameters, a result), which
    /// therefore stay alive from the forward pass until the backward runs.
    /// </summary>
    private void ReportKeptAlive(IOperation block)
    {
        var kept = new List<string>();
        void Keep(IOperation? value)
        {
            if (value is null || value.ConstantValue.HasValue)
            {
                return;
            }

            while (value is IConversionOperation { IsImplicit: true } conversion)
            {
                value = conversion.Operand;
            }

            var description = Describe(value);
            if (!kept.Contains(description))
            {
                kept.Add(description);
            }
        }

        foreach (var operation in block.Descendants())
        {
            if (!_activity!.IsActive(operation) || !_activity.IsUseful(operation))
            {
                continue;
            }

            switch (operation)
            {
                case IBinaryOperation { OperatorKind: BinaryOperatorKind.Multiply } multiply:
                    // d(a*b)/da needs b and d(a*b)/db needs a.
                    if (_activity.IsActive(multiply.LeftOperand))
                    {
                        Keep(multiply.RightOperand);
                    }

                    if (_activity.IsActive(multiply.RightOperand))
                    {
                        Keep(multiply.LeftOperand);
                    }

                    break;

                case IBinaryOperation { OperatorKind: BinaryOperatorKind.Divide } divide:
                    // d(a/b)/da = 1/b; d(a/b)/db = -a/b².
                    Keep(divide.RightOperand);
                    if (_activity.IsActive(divide.RightOperand))
                    {
                        Keep(divide.LeftOperand);
                    }

                    break;

                case IInvocationOperation invocation:
                    KeepForRules(invocation, Keep);
                    break;
            }
        }

        if (kept.Count > 0)
        {
            Report(DiagnosticDescriptors.ADG2001_BackwardKeepsAlive, Syntax.Identifier.GetLocation(), Method.Name, kept.Count, string.Join(", ", kept));
        }
    }

    private void KeepForRules(IInvocationOperation invocation, System.Action<IOperation?> keep)
    {
        var method = invocation.TargetMethod;
        IOperation? Argument(string name) => invocation.Arguments.FirstOrDefault(a => a.Parameter?.Name == name)?.Value;
        var kind = CallResolver.Resolve(method, invocation.Instance is not null, Method.ContainingType, _compilation, _known);
        switch (kind)
        {
            case CalleeKind.Rule:
                foreach (var rule in CallResolver.RuleMethods(method.ContainingType, method.Name, _known))
                {
                    var wrt = _known.DerivativeOfTarget(rule)?.Wrt;
                    if (wrt is not null && !_activity!.IsActive(Argument(wrt)))
                    {
                        continue;
                    }

                    foreach (var parameter in rule.Parameters)
                    {
                        keep(parameter.Name switch
                        {
                            "grad" => null,
                            "result" => invocation,
                            _ => Argument(parameter.Name) ?? invocation.Instance,
                        });
                    }
                }

                break;

            case CalleeKind.Differentiable:
                // The generated backward takes every input of the forward call.
                foreach (var argument in invocation.Arguments)
                {
                    keep(argument.Value);
                }

                break;

            case CalleeKind.Builtin:
                // exp, sqrt and tanh reuse their result; the others read their argument(s).
                if (method.Name is "Exp" or "Sqrt" or "Tanh" or "Cbrt")
                {
                    keep(invocation);
                }
                else
                {
                    foreach (var argument in invocation.Arguments)
                    {
                        keep(argument.Value);
                    }
                }

                break;
        }
    }

    /// <summary>A saved value by its name (a parameter, or the local the value initializes), else by its source text.</summary>
    private string Describe(IOperation value)
    {
        var type = value.Type is null ? string.Empty : TypeClassifier.Display(value.Type);
        switch (value)
        {
            case IParameterReferenceOperation parameter:
                return $"{parameter.Parameter.Name} ({type} parameter)";
            case ILocalReferenceOperation local:
                return $"{local.Local.Name} ({type})";
        }

        if (value.Parent is IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator })
        {
            return $"{declarator.Symbol.Name} ({type})";
        }

        return $"'{Text(value.Syntax)}' ({type})";
    }
}
