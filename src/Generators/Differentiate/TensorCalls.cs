using AutoDiffGen.Generators.Model;

namespace AutoDiffGen.Generators.Differentiate;

/// <summary>Calls into <c>AutoDiffGen.Tensor</c> that derivative code needs (<c>ReduceGrad</c>, <c>ZerosLike</c>, <c>Shape</c>).</summary>
internal static class TensorCalls
{
    public static CallSpec Static(string name) =>
        new(CallKind.Plain, name, TypeSpec.TensorDisplay + "." + name, false, false, EquatableArray<string>.Empty, EquatableArray<RuleSpec>.Empty, IsPure: true);

    /// <summary><c>Shape.Broadcast(a, b)</c>: the shape a binary op's result has.</summary>
    public static CallSpec ShapeBroadcast() =>
        new(CallKind.Plain, "Broadcast", TypeSpec.Shape.Display + ".Broadcast", false, false, EquatableArray<string>.Empty, EquatableArray<RuleSpec>.Empty, IsPure: true);

    public static CallSpec Property(string name) =>
        new(CallKind.Plain, name, name, true, true, EquatableArray.Of("this"), EquatableArray<RuleSpec>.Empty, IsPure: true);
}
