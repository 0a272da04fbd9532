using AutoDiffGen.Generators.Model;

namespace AutoDiffGen.Generators.Lower;

/// <summary>Lower stage output: the method model plus its forward body in SSA form (one output, the result).</summary>
internal sealed record LoweredMethod(MethodSpec Method, IrFunction Forward);
