using AutoDiffGen.Generators.Model;

namespace AutoDiffGen.Generators.Lower;

/// <summary>A straight-line sequence of instructions; nested control flow lives inside <see cref="OpCode.If"/> instructions.</summary>
internal sealed record Block(EquatableArray<Instr> Instrs);
