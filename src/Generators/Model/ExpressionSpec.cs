namespace AutoDiffGen.Generators.Model;

/// <summary>One expression node of a differentiable body, every name already resolved to emit-ready text.</summary>
internal sealed record ExpressionSpec(
    ExpressionKind Kind,
    TypeSpec Type,
    string Text,
    EquatableArray<ExpressionSpec> Args,
    CallSpec? Call = null);
