using AutoDiffGen.Data;
using AutoDiffGen.Distributed;

namespace AutoDiffGen.Tests.Distributed;

public class DistributedEnvironmentTests
{
    [Fact]
    public void RankAndSizeComeFromMpirunsVariablesAndDefaultToOneProcess()
    {
        var saved = (Environment.GetEnvironmentVariable("OMPI_COMM_WORLD_RANK"), Environment.GetEnvironmentVariable("OMPI_COMM_WORLD_SIZE"));
        try
        {
            Environment.SetEnvironmentVariable("OMPI_COMM_WORLD_RANK", "2");
            Environment.SetEnvironmentVariable("OMPI_COMM_WORLD_SIZE", "4");
            Assert.Equal((2, 4, true), (DistributedEnvironment.Rank, DistributedEnvironment.WorldSize, DistributedEnvironment.IsDistributed));
            var sampler = new DistributedSampler(10, shuffle: false);
            Assert.Equal((4, 2), (sampler.NumReplicas, sampler.Rank));
            Assert.Equal(new[] { 2, 6, 0 }, sampler.Indices());

            Environment.SetEnvironmentVariable("OMPI_COMM_WORLD_SIZE", "four");
            Assert.Contains("OMPI_COMM_WORLD_SIZE='four'", Assert.Throws<FormatException>(() => DistributedEnvironment.WorldSize).Message, StringComparison.Ordinal);

            Environment.SetEnvironmentVariable("OMPI_COMM_WORLD_RANK", null);
            Environment.SetEnvironmentVariable("OMPI_COMM_WORLD_SIZE", null);
            if (Environment.GetEnvironmentVariable("PMI_RANK") is null && Environment.GetEnvironmentVariable("RANK") is null
                && Environment.GetEnvironmentVariable("PMIX_RANK") is null)
            {
                Assert.Equal(0, DistributedEnvironment.Rank);
            }
        }
        finally
        {
            Environment.SetEnvironmentVariable("OMPI_COMM_WORLD_RANK", saved.Item1);
            Environment.SetEnvironmentVariable("OMPI_COMM_WORLD_SIZE", saved.Item2);
        }
    }
}
