namespace AutoDiffGen.Generators.Emit;

/// <summary>Emit stage output: one source file to add to the compilation.</summary>
/// <param name="HintName">The file name, <c>{Type}.{Method}.g.cs</c>.</param>
/// <param name="Identity">The method's full name and parameter types, to tell overloads and namesakes apart.</param>
/// <param name="Text">The source.</param>
internal sealed record GeneratedFile(string HintName, string Identity, string Text);
