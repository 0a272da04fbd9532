using System.Linq;
using System.Threading;
using AutoDiffGen.Generators.Differentiate;
using AutoDiffGen.Generators.Lower;
using AutoDiffGen.Generators.Parse;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AutoDiffGen.Analyzers.Shared;

/// <summary>
/// What the generator itself makes of a method, by running its Parse, Lower and Differentiate stages: the one
/// authority on what is supported. The analyzers only explain this verdict at the exact span.
/// </summary>
/// <param name="Stage">The first stage that skipped the method; null when the generator emits a backward.</param>
/// <param name="Reason">Why, in words, when the stages say more than "skipped".</param>
/// <param name="Differentiated">The generator's backward, when it emits one.</param>
internal sealed record GeneratorVerdict(string? Stage, string Reason, DifferentiatedMethod? Differentiated)
{
    public bool Emits => Stage is null;

    public static GeneratorVerdict Of(Compilation compilation, IMethodSymbol method, MethodDeclarationSyntax syntax, CancellationToken cancellationToken)
    {
        var spec = Parser.ParseForAnalyzers(compilation, method, syntax, cancellationToken);
        if (spec is null)
        {
            return new GeneratorVerdict("Parse", "its parse stage skipped it", null);
        }

        if (Lowering.Lower(spec) is not { } lowered)
        {
            return new GeneratorVerdict("Lower", "it could not lower the body to SSA (does every path end in a return?)", null);
        }

        if (!spec.Parameters.Any(p => p.IsDifferentiable))
        {
            return new GeneratorVerdict("Differentiate", "it has no differentiable parameter: none is float, double or Tensor of the same kind as the result without [NoDerivative]", null);
        }

        return Differentiator.Differentiate(lowered) is { } differentiated
            ? new GeneratorVerdict(null, string.Empty, differentiated)
            : new GeneratorVerdict("Differentiate", "some value that depends on a differentiable parameter has no derivative", null);
    }
}
