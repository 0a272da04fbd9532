namespace AutoDiffGen.Nn;

/// <summary>What <see cref="Module.LoadStateDict"/> could not match (PyTorch's <c>_IncompatibleKeys</c>); both empty after a strict load.</summary>
/// <param name="MissingKeys">Keys the module expected but the state dict lacked.</param>
/// <param name="UnexpectedKeys">Keys in the state dict that the module does not have.</param>
public sealed record LoadStateDictResult(IReadOnlyList<string> MissingKeys, IReadOnlyList<string> UnexpectedKeys);
