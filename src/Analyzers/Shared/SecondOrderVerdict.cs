using System.Linq;
using System.Threading;
using AutoDiffGen.Generators.Differentiate;
using AutoDiffGen.Generators.Lower;
using AutoDiffGen.Generators.Parse;
using AutoDiffGen.Generators.SecondOrder;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace AutoDiffGen.Analyzers.Shared;

/// <summary>What the generator's own Order 2 stages make of a method (ADG0003): the one authority, as <see cref="GeneratorVerdict"/> is for order 1.</summary>
internal static class SecondOrderVerdict
{
    /// <summary>Why no second-order file is written for a method whose first-order file is; null when it is written (or first order fails too).</summary>
    public static string? WhyNot(Compilation compilation, IMethodSymbol method, MethodDeclarationSyntax syntax, KnownSymbols known, CancellationToken cancellationToken)
    {
        // The generator's compilation never holds its own output; a build's (which the analyzers see) does.
        var generated = compilation.SyntaxTrees.Where(t => t.FilePath.Replace('\\', '/').Contains("AutoDiffGen.Generators/")).ToList();
        compilation = compilation.RemoveSyntaxTrees(generated);
        if (!compilation.ContainsSyntaxTree(syntax.SyntaxTree))
        {
            return null;
        }

        var model = compilation.GetSemanticModel(syntax.SyntaxTree);

        // Without first-order code other rules (ADG0001, ADG1xxx) say why; this one is about the second order only.
        var spec = Parser.Parse(model, method, syntax, cancellationToken);
        if (spec is null || Lowering.Lower(spec) is not { } lowered || Differentiator.Differentiate(lowered) is null)
        {
            return null;
        }

        if (SecondOrderParser.Parse(model, method, syntax, cancellationToken) is { } second && SecondOrderDifferentiator.Differentiate(second) is not null)
        {
            return null;
        }

        var operations = model.GetOperation(syntax, cancellationToken)?.DescendantsAndSelf().ToList() ?? new();
        if (operations.Any(o => o is IForLoopOperation or IForEachLoopOperation))
        {
            return "its pullback reverses a loop from per-iteration checkpoints, which the generator cannot differentiate again yet; "
                + "write what the loop computes without one, or drop Order = 2";
        }

        var callee = operations.OfType<IInvocationOperation>().Select(i => i.TargetMethod)
            .FirstOrDefault(m => known.IsDifferentiable(m) && !SymbolEqualityComparer.Default.Equals(m.OriginalDefinition, method));
        if (callee is not null)
        {
            return $"its pullback calls '{callee.Name}Backward', the generated pullback of '{callee.Name}', which has no [DerivativeOf] rule of its own; "
                + $"write '{callee.Name}''s body inline, or drop Order = 2";
        }

        return "its pullback calls a rule that has no [DerivativeOf] rule of its own (a rule of a rule), or a call the tape would replay; "
            + "give that rule a rule of its own (docs/generator.md, Higher order), or drop Order = 2";
    }
}
