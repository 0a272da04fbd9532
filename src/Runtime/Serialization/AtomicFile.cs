using System.Runtime.InteropServices;

namespace AutoDiffGen.Serialization;

/// <summary>Writes files so that readers see either the old contents or the complete new contents, never a torn file.</summary>
internal static class AtomicFile
{
    /// <summary>
    /// Writes <paramref name="path"/> through <paramref name="write"/> into a temporary file in the same folder, flushes it
    /// to disk, renames it over <paramref name="path"/> and flushes the folder, so the rename itself survives a power
    /// loss. If <paramref name="write"/> throws, the temporary file is deleted and any existing file at
    /// <paramref name="path"/> is left as it was. Temporary files of <paramref name="path"/> left by a killed writer are
    /// removed first.
    /// </summary>
    public static void Write(string path, Action<Stream> write)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(write);
        var fullPath = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(fullPath)!;
        Directory.CreateDirectory(directory);
        RemoveStaleTemporaries(fullPath);

        // Same folder as the target, so the final rename never crosses file systems (which would make it a copy).
        var temp = Path.Combine(directory, $"{TemporaryPrefix(fullPath)}{Guid.NewGuid():N}{TemporarySuffix}");
        try
        {
            // FileShare.None takes an exclusive lock (flock on Unix) for as long as the writer lives: that is how
            // RemoveStaleTemporaries tells a live writer's file from a dead one's.
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1 << 16))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, fullPath, overwrite: true);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }

        FlushDirectory(directory);
    }

    /// <summary>
    /// Deletes the temporary files a killed or crashed writer of <paramref name="path"/> left in its folder. A temporary
    /// file still locked by a live writer is left alone. Failures (a read-only folder) are ignored: stale files cost
    /// space, never correctness, since readers never look at them.
    /// </summary>
    public static void RemoveStaleTemporaries(string path)
    {
        var fullPath = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(fullPath)!;
        string[] candidates;
        try
        {
            candidates = Directory.GetFiles(directory, TemporaryPrefix(fullPath) + "*" + TemporarySuffix);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return;
        }

        foreach (var candidate in candidates)
        {
            try
            {
                // Opening with FileShare.None fails while the writer holds its lock; DeleteOnClose removes it under our lock.
                using var _ = new FileStream(candidate, FileMode.Open, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
            }
        }
    }

    private const string TemporarySuffix = ".tmp";

    /// <summary>Temporary files of <c>dir/name</c> are <c>dir/.name.{guid}.tmp</c>: hidden, and tied to their target.</summary>
    private static string TemporaryPrefix(string fullPath) => $".{Path.GetFileName(fullPath)}.";

    /// <summary>
    /// fsyncs the folder, so the directory entry the rename wrote is on disk too (POSIX makes a file's data durable
    /// with its own fsync, but its name only with the folder's). Windows commits renames in NTFS's journal instead.
    /// </summary>
    private static void FlushDirectory(string directory)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var fd = Open(directory, OpenReadOnly);
        if (fd < 0)
        {
            throw new IOException($"Could not open folder '{directory}' to flush it after a rename (errno {Marshal.GetLastPInvokeError()}).");
        }

        try
        {
            if (Fsync(fd) != 0)
            {
                throw new IOException($"Could not flush folder '{directory}' after a rename (errno {Marshal.GetLastPInvokeError()}).");
            }
        }
        finally
        {
            _ = Close(fd);
        }
    }

    /// <summary>O_RDONLY: a folder can be opened (and fsynced) only read-only.</summary>
    private const int OpenReadOnly = 0;

    // DllImport, not LibraryImport: the runtime's sources must compile without source generators (the analyzer tests
    // compile them in memory), and these signatures need no marshalling code beyond a UTF-8 string.
    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    private static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    [DllImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static extern int Fsync(int fd);

    [DllImport("libc", EntryPoint = "close", SetLastError = true)]
    private static extern int Close(int fd);

    /// <summary>Deletes <paramref name="path"/> if it exists, ignoring failures (used only on error paths).</summary>
    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
