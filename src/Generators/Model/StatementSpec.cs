namespace AutoDiffGen.Generators.Model;

/// <summary>
/// One statement of a differentiable body, with the one-line source text the generated comments quote and where it
/// is (for the generated <c>#line</c> directives; null when unknown).
/// </summary>
internal sealed record StatementSpec(
    StatementKind Kind,
    string Name,
    ExpressionSpec? Value,
    string Operator,
    EquatableArray<StatementSpec> Then,
    EquatableArray<StatementSpec> Else,
    string Source,
    SourceSpan? Location = null,
    LoopSpec? Loop = null);
