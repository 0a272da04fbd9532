using System.Diagnostics;
using System.Text;

namespace AutoDiffGen.Distributed.Tests;

/// <summary>Runs the worker under <c>mpirun</c> on loopback, and says why not when Open MPI is absent.</summary>
internal static class MpiRun
{
    private static readonly Lazy<string?> MissingReason = new(FindMissing);

    /// <summary>Null when mpirun and libmpi are both present; otherwise what to install.</summary>
    internal static string? WhyUnavailable => MissingReason.Value;

    /// <summary>
    /// Starts <paramref name="processes"/> ranks of the worker's <paramref name="scenario"/> and waits at most
    /// <paramref name="limit"/>; returns the exit code, the combined output and the elapsed time.
    /// </summary>
    internal static (int ExitCode, string Output, TimeSpan Elapsed) Run(string scenario, int processes, TimeSpan limit)
    {
        var worker = Path.Combine(AppContext.BaseDirectory, "AutoDiffGen.Distributed.Worker.dll");
        var info = new ProcessStartInfo("mpirun")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };

        // --oversubscribe: CI has 2 cores and a test runs 3 ranks. Loopback only: shared memory between the ranks
        // (btl self,vader), and mpirun's own control channel on lo.
        foreach (var arg in new[]
        {
            "-np", processes.ToString(System.Globalization.CultureInfo.InvariantCulture), "--oversubscribe", "--bind-to", "none",
            "--mca", "btl", "self,vader", "--mca", "oob_tcp_if_include", "lo", "--mca", "btl_tcp_if_include", "lo",
            "dotnet", worker, scenario,
        })
        {
            info.ArgumentList.Add(arg);
        }

        // CI runs as root, which mpirun refuses unless told twice.
        info.Environment["OMPI_ALLOW_RUN_AS_ROOT"] = "1";
        info.Environment["OMPI_ALLOW_RUN_AS_ROOT_CONFIRM"] = "1";
        info.Environment["OMPI_MCA_rmaps_base_oversubscribe"] = "1";
        info.Environment["DOTNET_TieredPGO"] = "0";

        var output = new StringBuilder();
        var watch = Stopwatch.StartNew();
        using var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(limit))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            return (-1, $"mpirun did not finish within {limit.TotalSeconds} s:\n{output}", watch.Elapsed);
        }

        process.WaitForExit();
        return (process.ExitCode, output.ToString(), watch.Elapsed);
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is not null)
        {
            lock (output)
            {
                output.AppendLine(line);
            }
        }
    }

    private static string? FindMissing()
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        var hasMpirun = path.Split(Path.PathSeparator).Any(d => d.Length > 0 && File.Exists(Path.Combine(d, "mpirun")));
        if (!hasMpirun || !ProcessGroup.IsAvailable)
        {
            return $"Open MPI is not installed ({(hasMpirun ? "libmpi" : "mpirun")} not found): install it with `apt-get install openmpi-bin libopenmpi-dev` to run the multi-process tests.";
        }

        return null;
    }
}
