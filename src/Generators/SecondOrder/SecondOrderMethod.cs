using AutoDiffGen.Generators.Lower;

namespace AutoDiffGen.Generators.SecondOrder;

/// <summary>Second-order differentiate output: the functions of <c>{Type}.{Method}.SecondOrder.g.cs</c>.</summary>
/// <param name="Spec">The function and its re-parsed pullback.</param>
/// <param name="BackwardBackward">
/// <c>FBackwardBackward</c>: parameters one upstream gradient per output of <c>FBackward</c> (<c>grad</c> + the
/// input's name), then <c>FBackward</c>'s; outputs the gradient of <c>gradOutput</c> and of each differentiable input.
/// </param>
/// <param name="HessianVectorProduct">
/// <c>FHessianVectorProduct</c> for scalar methods: <c>FBackwardBackward</c> with <c>gradOutput = 1</c>, so its
/// outputs are H·v for the direction v (<c>v</c> + the input's name); null for tensor methods.
/// </param>
/// <param name="SecondDerivative"><c>FSecondDerivative</c> for scalar methods of one input: H·1 = f''(x); null otherwise.</param>
internal sealed record SecondOrderMethod(SecondOrderSpec Spec, IrFunction BackwardBackward, IrFunction? HessianVectorProduct, IrFunction? SecondDerivative);
