namespace AutoDiffGen.Tests.Memory;

/// <summary>
/// Tests that observe the process-wide <c>TensorPool</c> (which array comes back, what a step allocates) run alone:
/// a test on another thread renting the same sizes would otherwise make them flaky.
/// </summary>
[CollectionDefinition(nameof(TensorPoolCollection), DisableParallelization = true)]
public sealed class TensorPoolCollection
{
}
