namespace AutoDiffGen.Analyzers.Tests.Repository;

/// <summary>Finds the repository root (the folder holding AutoDiffGen.sln) from the test's output folder.</summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>Every C# file under <paramref name="folder"/>, build outputs excluded.</summary>
    public static IEnumerable<string> SourceFiles(string folder)
    {
        var path = Path.Combine(Root, folder);
        if (!Directory.Exists(path))
        {
            return [];
        }

        return Directory.EnumerateFiles(path, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj"))
            .OrderBy(f => f, StringComparer.Ordinal);
    }

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "AutoDiffGen.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No AutoDiffGen.sln above {AppContext.BaseDirectory}");
    }
}
