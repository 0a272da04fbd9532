namespace AutoDiffGen.Generators.Model;

/// <summary>
/// An <c>[Elementwise(typeof(Op))]</c> primitive declared as a <c>partial</c> method without a body: its generated body
/// runs the operator and records one tape node whose backward calls the op's <c>[DerivativeOf]</c> rule.
/// </summary>
/// <param name="Namespace">The containing namespace, or empty.</param>
/// <param name="ContainingTypes">Enclosing types, outermost first.</param>
/// <param name="Modifiers">The declaration's modifiers, as written (<c>public static partial</c>).</param>
/// <param name="Name">The primitive's name.</param>
/// <param name="ReturnType">The qualified return type (<c>global::AutoDiffGen.Tensor</c>).</param>
/// <param name="Parameter">The tensor parameter's name.</param>
/// <param name="Operator">The qualified operator struct.</param>
/// <param name="RuleCall">The rule call over <c>grad</c>, <c>node.Inputs[0]</c> and <c>node.Result</c>; empty when no rule fits.</param>
/// <param name="Error">Why the body cannot be generated (written as a build error), or empty.</param>
internal sealed record PrimitiveSpec(
    string Namespace,
    EquatableArray<ContainingTypeSpec> ContainingTypes,
    string Modifiers,
    string Name,
    string ReturnType,
    string Parameter,
    string Operator,
    string RuleCall,
    string Error)
{
    /// <summary>The generated file's name.</summary>
    public string HintName => string.Join(".", System.Linq.Enumerable.Select(ContainingTypes, t => t.Name)) + "." + Name + ".Primitive.g.cs";
}
