namespace AutoDiffGen.Generators.Model;

/// <summary>
/// Everything the later stages need about one <c>[Differentiable]</c> method, with every symbol already resolved
/// to text: equatable, so the incremental pipeline skips methods whose model did not change.
/// </summary>
/// <param name="Namespace">The containing namespace, empty for the global namespace.</param>
/// <param name="ContainingTypes">Enclosing types, outermost first.</param>
/// <param name="Name">The method's name.</param>
/// <param name="Accessibility">The method's accessibility keywords, reused on the generated methods.</param>
/// <param name="ReturnType">The method's return type.</param>
/// <param name="Parameters">The method's parameters.</param>
/// <param name="Body">The body's statements (an expression body is one return).</param>
/// <param name="HasUserRule">
/// True when the user wrote a <c>[DerivativeOf]</c> rule for this method, which then wins: <see cref="Body"/> is then one
/// call of the method itself, differentiated by that rule, so every generated member computes the rule's gradient.
/// </param>
/// <param name="TakenMembers">
/// Generated member suffixes (<c>Backward</c>, <c>Gradient</c>, <c>Node</c>) whose name and parameter types the user's
/// type already declares: those members are left out (the analyzers report ADG0002) instead of failing with CS0111.
/// <c>Node</c> is also left out when <c>Backward</c> is taken by a member that is not a rule of this method, whose
/// result the node could not trust.
/// </param>
internal sealed record MethodSpec(
    string Namespace,
    EquatableArray<ContainingTypeSpec> ContainingTypes,
    string Name,
    string Accessibility,
    TypeSpec ReturnType,
    EquatableArray<ParameterSpec> Parameters,
    EquatableArray<StatementSpec> Body,
    bool HasUserRule,
    EquatableArray<string> TakenMembers = default)
{
    /// <summary>The file name hint: <c>{Type}.{Method}.g.cs</c>, nesting joined by dots.</summary>
    public string HintName
    {
        get
        {
            var parts = new System.Collections.Generic.List<string>();
            foreach (var type in ContainingTypes)
            {
                parts.Add(type.Name);
            }

            parts.Add(Name);
            return string.Join(".", parts) + ".g.cs";
        }
    }
}
