using System.Linq;
using System.Threading;
using AutoDiffGen.Generators.Differentiate;
using AutoDiffGen.Generators.Lower;
using AutoDiffGen.Generators.Model;
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
/// <param name="IsUnexpected">True when the stage threw something it did not expect (a generator bug, see <see cref="UnexpectedFailure"/>).</param>
internal sealed record GeneratorVerdict(string? Stage, string Reason, DifferentiatedMethod? Differentiated, bool IsUnexpected = false)
{
    public bool Emits => Stage is null;

    public static GeneratorVerdict Of(Compilation compilation, IMethodSymbol method, MethodDeclarationSyntax syntax, CancellationToken cancellationToken)
    {
        UnexpectedFailure.Take();
        var spec = Parser.ParseForAnalyzers(compilation, method, syntax, cancellationToken);
        if (spec is null)
        {
            return Skipped("Parse", "its parse stage skipped it");
        }

        if (Lowering.Lower(spec) is not { } lowered)
        {
            return Skipped("Lower", "it could not lower the body to SSA (does every path end in a return?)");
        }

        if (!spec.Parameters.Any(p => p.IsDifferentiable))
        {
            return new GeneratorVerdict("Differentiate", "it has no differentiable parameter: none is float, double or Tensor of the same kind as the result without [NoDerivative]", null);
        }

        return Differentiator.Differentiate(lowered) is { } differentiated
            ? new GeneratorVerdict(null, string.Empty, differentiated)
            : Skipped("Differentiate", "some value that depends on a differentiable parameter has no derivative");
    }

    /// <summary>A skip with the stage's reason, or, when the stage threw unexpectedly, that exception's type and message.</summary>
    private static GeneratorVerdict Skipped(string stage, string reason) => UnexpectedFailure.Take() is { } failure
        ? new GeneratorVerdict(stage, failure + "; this is a bug in the generator, please report it with this method", null, IsUnexpected: true)
        : new GeneratorVerdict(stage, reason, null);
}
