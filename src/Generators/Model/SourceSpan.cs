namespace AutoDiffGen.Generators.Model;

/// <summary>
/// Where a statement sits in the user's file, 1-based as a <c>#line (startLine, startCharacter) - (endLine, endCharacter)</c>
/// directive writes it (the end is one past the last character). Plain data, so models stay equatable; an empty
/// <see cref="Path"/> (a tree parsed without one) means the generated code gets no mapping.
/// </summary>
internal sealed record SourceSpan(string Path, int StartLine, int StartCharacter, int EndLine, int EndCharacter);
