using AutoDiffGen.Generators.Model;

namespace AutoDiffGen.Generators.Lower;

/// <summary>A function in IR form: its body (parameters are <see cref="OpCode.Parameter"/> instructions) and what it returns.</summary>
/// <param name="Body">The top-level block.</param>
/// <param name="Outputs">The returned values, named (one value, or a tuple in this order).</param>
/// <param name="NextId">The first unused value id, for passes that add instructions.</param>
internal sealed record IrFunction(Block Body, EquatableArray<IrOutput> Outputs, int NextId);
