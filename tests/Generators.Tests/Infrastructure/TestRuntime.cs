using Basic.Reference.Assemblies;
using Microsoft.CodeAnalysis;

namespace AutoDiffGen.Generators.Tests.Infrastructure;

/// <summary>The AutoDiffGen runtime that generated code is compiled against, and the reference assemblies beside it.</summary>
internal static class TestRuntime
{
    /// <summary>
    /// The runtime grants this assembly name its internals, as its own <c>[Differentiable]</c> ops have them: code
    /// compiled under it sees the runtime's internal <c>[DerivativeOf]</c> rules.
    /// </summary>
    public const string FriendAssemblyName = "AutoDiffGen.Generators.Tests.Generated";

    public static MetadataReference Reference { get; } = MetadataReference.CreateFromFile(typeof(Tensor).Assembly.Location);

    public static IEnumerable<MetadataReference> References => Net100.References.All.Concat([Reference]);
}
