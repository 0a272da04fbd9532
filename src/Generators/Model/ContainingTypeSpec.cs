namespace AutoDiffGen.Generators.Model;

/// <summary>One enclosing type of a differentiable method, re-declared as <c>partial</c> around the generated code.</summary>
/// <param name="Keyword">The declaration keyword(s): <c>class</c>, <c>struct</c>, <c>record</c>, <c>record struct</c>.</param>
/// <param name="Name">The type's name.</param>
internal sealed record ContainingTypeSpec(string Keyword, string Name);
