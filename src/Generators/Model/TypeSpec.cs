namespace AutoDiffGen.Generators.Model;

/// <summary>A type as the emitter writes it (fully qualified, <c>global::</c> prefixed) plus its kind.</summary>
internal sealed record TypeSpec(ValueKind Kind, string Display)
{
    public const string TensorDisplay = "global::AutoDiffGen.Tensor";

    public static readonly TypeSpec Double = new(ValueKind.Double, "double");
    public static readonly TypeSpec Single = new(ValueKind.Single, "float");
    public static readonly TypeSpec Tensor = new(ValueKind.Tensor, TensorDisplay);
    public static readonly TypeSpec Bool = new(ValueKind.Other, "bool");
    public static readonly TypeSpec Int = new(ValueKind.Other, "int");
    public static readonly TypeSpec Shape = new(ValueKind.Other, "global::AutoDiffGen.Shape");

    /// <summary>True for the types gradients flow through.</summary>
    public bool IsDifferentiable => Kind != ValueKind.Other;

    /// <summary>True for <c>float</c> and <c>double</c>.</summary>
    public bool IsScalar => Kind is ValueKind.Double or ValueKind.Single;
}
