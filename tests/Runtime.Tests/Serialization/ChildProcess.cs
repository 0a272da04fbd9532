using System.Diagnostics;

namespace AutoDiffGen.Tests.Serialization;

/// <summary>Starts the test helper executable (tests/Runtime.Tests.Child) in a new process.</summary>
internal static class ChildProcess
{
    private static string ChildDll => Path.Combine(AppContext.BaseDirectory, "AutoDiffGen.Runtime.Tests.Child.dll");

    /// <summary>The dotnet host: the CLI names itself in DOTNET_HOST_PATH for the processes it starts.</summary>
    private static string Host => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";

    public static Process Start(params string[] args)
    {
        var info = new ProcessStartInfo(Host) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(ChildDll);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        return Process.Start(info) ?? throw new InvalidOperationException($"could not start {Host} {ChildDll}");
    }

    /// <summary>Runs the child to completion and fails the test, with its output, if it exits with an error.</summary>
    public static void Run(params string[] args)
    {
        using var process = Start(args);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(3)))
        {
            process.Kill();
            Assert.Fail($"child '{string.Join(' ', args)}' did not finish within 3 minutes");
        }

        Assert.True(process.ExitCode == 0, $"child '{string.Join(' ', args)}' exited with {process.ExitCode}: {stdout.Result}{stderr.Result}");
    }
}
