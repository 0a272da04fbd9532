namespace AutoDiffGen.Generators.Emit;

/// <summary>Emit stage output: one source file to add to the compilation.</summary>
internal sealed record GeneratedFile(string HintName, string Text);
