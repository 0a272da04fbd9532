using AutoDiffGen.Generators.Model;

namespace AutoDiffGen.Generators.Fuse;

/// <summary>
/// Parse output for elementwise fusion: the method's model plus what only the symbols can tell, whether the
/// containing type already declares a member the generated tensor overload would clash with.
/// </summary>
/// <param name="Method">The method model, as the main pipeline parses it.</param>
/// <param name="OverloadClashes">True when <c>F(Tensor, ...)</c> exists already (the user's own, or a property or nested type named F).</param>
internal sealed record FusionInput(MethodSpec Method, bool OverloadClashes);
