using AutoDiffGen.Generators.Model;

namespace AutoDiffGen.Generators.SecondOrder;

/// <summary>
/// Second-order parse output: the function <c>F</c> and its generated pullback <c>FBackward</c>, re-parsed from the
/// generator's own output as a forward method (upstream gradient renamed <c>gradOutput</c>). Equatable, like every model.
/// </summary>
/// <param name="Function">The <c>[Differentiable(Order = 2)]</c> method.</param>
/// <param name="Backward">Its pullback as a method model: returns one gradient per differentiable parameter of <paramref name="Function"/>.</param>
internal sealed record SecondOrderSpec(MethodSpec Function, MethodSpec Backward);
