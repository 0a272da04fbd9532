namespace AutoDiffGen.Generators.Model;

/// <summary>A parameter of a differentiable method; <see cref="IsDifferentiable"/> is false for <c>[NoDerivative]</c> and non-floating ones.</summary>
internal sealed record ParameterSpec(string Name, TypeSpec Type, bool IsDifferentiable);
