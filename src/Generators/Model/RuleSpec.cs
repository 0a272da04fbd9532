namespace AutoDiffGen.Generators.Model;

/// <summary>A derivative rule (a <c>[DerivativeOf]</c> method, or a generated backward) ready to be called.</summary>
/// <param name="Target">The qualified rule method.</param>
/// <param name="Bindings">What each rule parameter receives: <c>grad</c>, <c>result</c>, <c>this</c> or a callee parameter name.</param>
/// <param name="Returns">The callee parameters (or <c>this</c>) whose gradients the rule returns, in order.</param>
/// <param name="Fields">The tuple element names to read each gradient from; empty when the rule returns one value.</param>
internal sealed record RuleSpec(
    string Target,
    EquatableArray<string> Bindings,
    EquatableArray<string> Returns,
    EquatableArray<string> Fields);
