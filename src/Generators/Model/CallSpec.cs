namespace AutoDiffGen.Generators.Model;

/// <summary>A resolved call (or property read).</summary>
/// <param name="Kind">How the call is differentiated.</param>
/// <param name="Name">The member's simple name (<c>Exp</c>), also the builtin rule key.</param>
/// <param name="Target">Static: the qualified callee with type arguments; instance: the member name with type arguments.</param>
/// <param name="IsInstance">True when argument 0 is the receiver.</param>
/// <param name="IsProperty">True for a property read (no argument list).</param>
/// <param name="ParameterNames">The callee's parameter names, in order (the receiver is <c>this</c>).</param>
/// <param name="Rules">The derivative rules usable from the calling type, best first.</param>
/// <param name="IsPure">True when two calls with equal arguments give equal results (math, differentiable ops, rules), so one can be reused.</param>
/// <param name="Elementwise">The callee's <c>[Elementwise]</c> facts; null when it declares none.</param>
internal sealed record CallSpec(
    CallKind Kind,
    string Name,
    string Target,
    bool IsInstance,
    bool IsProperty,
    EquatableArray<string> ParameterNames,
    EquatableArray<RuleSpec> Rules,
    bool IsPure = false,
    ElementwiseSpec? Elementwise = null);
