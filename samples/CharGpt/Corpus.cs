using System.Diagnostics;

namespace CharGpt;

/// <summary>
/// Finds the training text: <c>--text FILE</c>, else a cached copy, else the King James Bible exported once from
/// Debian's <c>bible</c> program (packages <c>bible-kjv</c> and <c>bible-kjv-text</c>), verse references stripped.
/// </summary>
internal static class Corpus
{
    public const string HowToGet = "No text found. Pass --text FILE (any UTF-8 text), or install Debian's King James Bible: sudo apt-get install bible-kjv bible-kjv-text";

    public static string? Load(string? textFile, string cacheFolder, Action<string> log)
    {
        if (textFile is not null)
        {
            return File.Exists(textFile) ? File.ReadAllText(textFile) : throw new FileNotFoundException($"CharGpt: --text {textFile} does not exist.", textFile);
        }

        var cached = Path.Combine(cacheFolder, "kjv.txt");
        if (File.Exists(cached))
        {
            return File.ReadAllText(cached);
        }

        const string program = "/usr/bin/bible";
        if (!File.Exists(program) || !File.Exists("/usr/lib/bible.data"))
        {
            return null;
        }

        log($"Exporting the King James Bible from {program} into {cached} (once)...");
        var start = new ProcessStartInfo(program, ["-f", "Gen1:1-Rev22:21"]) { RedirectStandardOutput = true, UseShellExecute = false };
        using var process = Process.Start(start)!;
        var lines = new List<string>();
        while (process.StandardOutput.ReadLine() is { } line)
        {
            // "Ge1:1 In the beginning..." → "In the beginning..."
            var space = line.IndexOf(' ', StringComparison.Ordinal);
            lines.Add(space > 0 && line[..space].Contains(':', StringComparison.Ordinal) ? line[(space + 1)..] : line);
        }

        process.WaitForExit();
        if (process.ExitCode != 0 || lines.Count == 0)
        {
            return null;
        }

        Directory.CreateDirectory(cacheFolder);
        var text = string.Join('\n', lines) + "\n";
        var temporary = cached + ".tmp";
        File.WriteAllText(temporary, text);
        File.Move(temporary, cached, overwrite: true);
        return text;
    }
}
