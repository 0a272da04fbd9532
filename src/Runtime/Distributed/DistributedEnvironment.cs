using System.Globalization;

namespace AutoDiffGen.Distributed;

/// <summary>
/// This process's place in a distributed job as its launcher describes it, read from environment variables before
/// (or without) initialising MPI: Open MPI's <c>mpirun</c> (<c>OMPI_COMM_WORLD_RANK</c>…, the documented launcher),
/// PMIx and MPICH/Hydra (<c>PMIX_RANK</c>, <c>PMI_RANK</c>), and <c>torchrun</c>-style <c>RANK</c>/<c>WORLD_SIZE</c>.
/// Without a launcher, a single process: rank 0 of 1.
/// </summary>
public static class DistributedEnvironment
{
    /// <summary>This process's rank in the job (0 without a launcher).</summary>
    public static int Rank => Read(0, "OMPI_COMM_WORLD_RANK", "PMIX_RANK", "PMI_RANK", "RANK");

    /// <summary>The number of processes in the job (1 without a launcher).</summary>
    public static int WorldSize => Read(1, "OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "WORLD_SIZE");

    /// <summary>This process's index among the job's processes on the same machine (0 without a launcher).</summary>
    public static int LocalRank => Read(0, "OMPI_COMM_WORLD_LOCAL_RANK", "MPI_LOCALRANKID", "LOCAL_RANK");

    /// <summary>True when a launcher started this process as one of several (world size above 1).</summary>
    public static bool IsDistributed => WorldSize > 1;

    private static int Read(int fallback, params string[] names)
    {
        foreach (var name in names)
        {
            if (Environment.GetEnvironmentVariable(name) is { Length: > 0 } text)
            {
                return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
                    ? value
                    : throw new FormatException($"DistributedEnvironment: {name}='{text}' is not a non-negative integer.");
            }
        }

        return fallback;
    }
}
