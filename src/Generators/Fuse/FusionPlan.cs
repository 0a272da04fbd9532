using System.Collections.Generic;
using AutoDiffGen.Generators.Model;

namespace AutoDiffGen.Generators.Fuse;

/// <summary>A fusable method: its model, its tensor inputs in order, and its forward and backward kernel programs.</summary>
internal sealed record FusionPlan(MethodSpec Method, List<ParameterSpec> Inputs, KernelProgram Forward, KernelProgram Backward);
