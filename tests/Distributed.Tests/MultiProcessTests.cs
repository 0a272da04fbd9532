namespace AutoDiffGen.Distributed.Tests;

/// <summary>
/// Data-parallel training and collectives across real processes: each test launches the worker under mpirun on
/// loopback, and is reported as skipped, naming the packages, where Open MPI is not installed.
/// </summary>
public class MultiProcessTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(90);

    [SkippableTheory]
    [InlineData(2)]
    [InlineData(3)]
    public void EveryCollectiveMatchesItsReference(int processes)
    {
        var output = Succeed("collectives", processes);

        Assert.Equal(processes, CountLines(output, "PASS collectives"));
    }

    [SkippableTheory]
    [InlineData(2)]
    [InlineData(3)]
    public void DataParallelTrainingEqualsOneProcessWithTheWholeBatch(int processes)
    {
        var output = Succeed("train", processes);

        Assert.Equal(processes, CountLines(output, "PASS train"));
    }

    [SkippableFact]
    public void FirstBucketIsReducedWhileTheBackwardIsStillRunning()
    {
        var output = Succeed("overlap", 2);

        Assert.Equal(2, CountLines(output, "PASS overlap"));
    }

    [SkippableTheory]
    [InlineData("throw", "rank 1", "deliberate failure in the throw scenario")]
    [InlineData("kill", "rank 1", "")]
    [InlineData("hang", "rank 0 of 2", "did not complete within 2 s")]
    public void AFailingRankEndsTheJobNamingTheRank(string scenario, string rank, string reason)
    {
        Skip.If(MpiRun.WhyUnavailable is not null, MpiRun.WhyUnavailable);

        var (exitCode, output, elapsed) = MpiRun.Run(scenario, 2, Limit);

        Assert.True(exitCode > 0, $"mpirun should fail (exit {exitCode}):\n{output}");
        Assert.Contains(rank, output, StringComparison.Ordinal);
        Assert.Contains(reason, output, StringComparison.Ordinal);
        Assert.True(elapsed < TimeSpan.FromSeconds(60), $"the job took {elapsed.TotalSeconds:0.0} s to end:\n{output}");
    }

    private static string Succeed(string scenario, int processes)
    {
        Skip.If(MpiRun.WhyUnavailable is not null, MpiRun.WhyUnavailable);

        var (exitCode, output, _) = MpiRun.Run(scenario, processes, Limit);

        Assert.True(exitCode == 0, $"mpirun -np {processes} {scenario} exited with {exitCode}:\n{output}");
        return output;
    }

    private static int CountLines(string output, string prefix)
        => output.Split('\n').Count(line => line.Contains(prefix, StringComparison.Ordinal));
}
