using AutoDiffGen.Generators.Model;

namespace AutoDiffGen.Generators.Lower;

/// <summary>
/// One SSA instruction: <see cref="Id"/> names the value it defines; <see cref="Args"/> are the ids it reads.
/// <see cref="Name"/> is the source name the emitter gives it, <see cref="Source"/> the statement it came from and
/// <see cref="Location"/> where that statement is (null for generated-only code).
/// </summary>
internal sealed record Instr(
    int Id,
    OpCode Op,
    TypeSpec Type,
    EquatableArray<int> Args,
    string Text = "",
    CallSpec? Call = null,
    Block? Then = null,
    Block? Else = null,
    EquatableArray<int> ThenYields = default,
    EquatableArray<int> ElseYields = default,
    string Name = "",
    string Source = "",
    SourceSpan? Location = null);
