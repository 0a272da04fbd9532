using AutoDiffGen.Generators.Lower;
using AutoDiffGen.Generators.Model;

namespace AutoDiffGen.Generators.Differentiate;

/// <summary>Differentiate stage output: the pullback (<c>{Name}Backward</c>) and, for scalar methods, the gradient (<c>{Name}Gradient</c>).</summary>
/// <param name="Method">The method model.</param>
/// <param name="Backward">Parameters: <c>grad</c>, then the method's; outputs: one gradient per differentiable parameter.</param>
/// <param name="Gradient">Parameters: the method's; outputs: <c>Value</c>, then one gradient per differentiable parameter.</param>
internal sealed record DifferentiatedMethod(MethodSpec Method, IrFunction Backward, IrFunction? Gradient);
