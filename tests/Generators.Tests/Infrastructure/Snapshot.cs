using System.Runtime.CompilerServices;
using System.Text;
using DiffPlex.DiffBuilder;
using DiffPlex.DiffBuilder.Model;
using Xunit.Sdk;

namespace AutoDiffGen.Generators.Tests.Infrastructure;

/// <summary>
/// Compares text with <c>Snapshots/{TestClass}.{TestMethod}.verified.cs</c> beside the calling test file, failing with
/// a line diff. <c>ACCEPT_SNAPSHOTS=1</c> rewrites the snapshot instead (review the change in the diff of the commit).
/// </summary>
internal static class Snapshot
{
    public static void Verify(string actual, [CallerMemberName] string testMethod = "", [CallerFilePath] string testFile = "")
    {
        var testClass = Path.GetFileNameWithoutExtension(testFile);
        var path = Path.Combine(Path.GetDirectoryName(testFile)!, "Snapshots", $"{testClass}.{testMethod}.verified.cs");
        var normalized = actual.Replace("\r\n", "\n");
        if (Environment.GetEnvironmentVariable("ACCEPT_SNAPSHOTS") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, normalized);
            return;
        }

        if (!File.Exists(path))
        {
            throw new XunitException($"No snapshot at {path}. Run the tests with ACCEPT_SNAPSHOTS=1 to create it, then review it.\n\n{normalized}");
        }

        var expected = File.ReadAllText(path).Replace("\r\n", "\n");
        if (expected == normalized)
        {
            return;
        }

        var diff = InlineDiffBuilder.Diff(expected, normalized);
        var report = new StringBuilder($"Generated code differs from {path} (- snapshot, + generated; ACCEPT_SNAPSHOTS=1 accepts):\n");
        foreach (var line in diff.Lines)
        {
            var prefix = line.Type switch
            {
                ChangeType.Inserted => "+ ",
                ChangeType.Deleted => "- ",
                _ => "  ",
            };
            report.Append(prefix).Append(line.Text).Append('\n');
        }

        throw new XunitException(report.ToString());
    }
}
