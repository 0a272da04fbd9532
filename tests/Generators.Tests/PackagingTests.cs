using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace AutoDiffGen.Generators.Tests;

/// <summary>
/// The AutoDiffGen package carries the generator and the analyzers (analyzers/dotnet/cs): a fresh project with one
/// package reference gets <c>[Differentiable]</c> backwards generated, builds with warnings as errors, and runs; a call
/// with no derivative fails its build with the analyzer's rule ID.
/// </summary>
public class PackagingTests
{
    private const string Consumer = """
        using AutoDiffGen;

        var (value, dx) = Functions.SquareGradient(3.0);
        var y = Functions.ScaleNode(Tensor.FromArray(new[] { 1.0, 2.0 }, 2).RequiresGrad_());
        Console.WriteLine($"{value} {dx} {y.GradFn}");

        public static partial class Functions
        {
            [Differentiable]
            public static double Square(double x) => x * x;

            [Differentiable]
            public static Tensor Scale(Tensor x) => x * 3.0;
        }
        """;

    private const string BrokenConsumer = """
        using AutoDiffGen;

        public static partial class Broken
        {
            public static double Opaque(double x) => x;

            [Differentiable]
            public static double UsesOpaque(double x) => Opaque(x) * 2;
        }
        """;

    [Fact]
    public void AFreshConsumerOfThePackageGetsTheGeneratorAndTheAnalyzers()
    {
        var root = Path.Combine(Path.GetTempPath(), "adg-pack-" + Guid.NewGuid().ToString("N"));
        var feed = Path.Combine(root, "feed");
        var project = Path.Combine(root, "consumer");
        Directory.CreateDirectory(project);
        try
        {
            // A version of its own, so no package cached by an earlier run can stand in for this one.
            var version = "0.0.0-test." + DateTime.UtcNow.ToString("yyyyMMddHHmmss");
            Run(RepositoryRoot(), "dotnet", "pack", "src/Runtime/AutoDiffGen.csproj", "-c", "Release", "-o", feed, $"-p:PackageVersion={version}");

            var globalPackages = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
            File.WriteAllText(Path.Combine(project, "nuget.config"), $"""
                <?xml version="1.0" encoding="utf-8"?>
                <configuration>
                  <packageSources>
                    <clear />
                    <add key="feed" value="{feed}" />
                  </packageSources>
                  <fallbackPackageFolders>
                    <add key="machine" value="{globalPackages}" />
                  </fallbackPackageFolders>
                </configuration>
                """);
            File.WriteAllText(Path.Combine(project, "Consumer.csproj"), $"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <OutputType>Exe</OutputType>
                    <TargetFramework>net10.0</TargetFramework>
                    <Nullable>enable</Nullable>
                    <ImplicitUsings>enable</ImplicitUsings>
                    <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
                    <RestorePackagesPath>{Path.Combine(root, "packages")}</RestorePackagesPath>
                  </PropertyGroup>
                  <ItemGroup>
                    <PackageReference Include="AutoDiffGen" Version="{version}" />
                  </ItemGroup>
                </Project>
                """);
            File.WriteAllText(Path.Combine(project, "Program.cs"), Consumer);

            var output = Run(project, "dotnet", "run");
            Assert.Contains("9 6 <ScaleBackward>", output);

            // The analyzers ship in the same package: a call with no derivative fails the build with its rule ID.
            File.WriteAllText(Path.Combine(project, "Broken.cs"), BrokenConsumer);
            var (exitCode, buildOutput) = RunUnchecked(project, "dotnet", "build");
            Assert.NotEqual(0, exitCode);
            Assert.Contains("Broken.cs(", buildOutput);
            Assert.Contains("ADG1001", buildOutput);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Theory]
    [InlineData("samples/Rosenbrock/Rosenbrock.csproj")]
    [InlineData("samples/CustomOp/CustomOp.csproj")]
    public void ReferencingTheGeneratorAsTheSamplesDoBringsTheAnalyzers(string sample)
    {
        // Directory.Build.targets adds the analyzers beside the generator reference docs/generator.md shows, as the package does.
        var output = Run(RepositoryRoot(), "dotnet", "msbuild", sample, "-getItem:ProjectReference");
        using var json = System.Text.Json.JsonDocument.Parse(output);
        var references = json.RootElement.GetProperty("Items").GetProperty("ProjectReference").EnumerateArray()
            .Select(r => (Path.GetFileName(r.GetProperty("Identity").GetString()!), r.GetProperty("OutputItemType").GetString()))
            .ToList();
        Assert.Contains(("AutoDiffGen.Generators.csproj", "Analyzer"), references);
        Assert.Contains(("AutoDiffGen.Analyzers.csproj", "Analyzer"), references);
    }

    private static string Run(string directory, string file, params string[] args)
    {
        var (exitCode, output) = RunUnchecked(directory, file, args);
        Assert.True(exitCode == 0, $"{file} {string.Join(" ", args)} failed:\n{output}");
        return output;
    }

    private static (int ExitCode, string Output) RunUnchecked(string directory, string file, params string[] args)
    {
        var start = new ProcessStartInfo(file)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(5)), $"{file} {string.Join(" ", args)} timed out");
        return (process.ExitCode, stdout.Result + stderr.Result);
    }

    private static string RepositoryRoot([CallerFilePath] string here = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(here)!, "..", ".."));
}
