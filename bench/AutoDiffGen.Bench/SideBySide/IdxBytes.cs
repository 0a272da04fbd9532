using System.Buffers.Binary;
using System.IO.Compression;

namespace AutoDiffGen.Bench.SideBySide;

/// <summary>
/// Reads an MNIST IDX file's payload bytes (raw, or gzipped with <c>.gz</c>) from the cache AutoDiffGen's fetcher fills,
/// without AutoDiffGen: the libtorch child process must not load our library.
/// </summary>
internal static class IdxBytes
{
    /// <summary>The fetcher's cache folder, <c>~/.cache/autodiffgen/mnist</c> (the same path as <c>Mnist.DefaultFolder</c>).</summary>
    public static string Folder =>
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "autodiffgen", "mnist");

    /// <summary>The payload of <paramref name="name"/> (e.g. <c>train-images-idx3-ubyte</c>) and its dimensions.</summary>
    public static (byte[] Data, int[] Dims) Read(string name)
    {
        var path = Path.Combine(Folder, name);
        byte[] bytes;
        if (File.Exists(path))
        {
            bytes = File.ReadAllBytes(path);
        }
        else if (File.Exists(path + ".gz"))
        {
            using var gz = new GZipStream(File.OpenRead(path + ".gz"), CompressionMode.Decompress);
            using var copy = new MemoryStream();
            gz.CopyTo(copy);
            bytes = copy.ToArray();
        }
        else
        {
            throw new FileNotFoundException($"side by side: {path} (or .gz) is missing; run the AutoDiffGen side once, or samples/MnistMlp, to fetch MNIST.", path);
        }

        // Magic: two zero bytes, the element type (0x08 = unsigned byte), the number of dimensions; then big-endian sizes.
        if (bytes.Length < 4 || bytes[0] != 0 || bytes[1] != 0 || bytes[2] != 0x08)
        {
            throw new InvalidDataException($"side by side: {path} is not an unsigned-byte IDX file.");
        }

        var dims = new int[bytes[3]];
        for (var d = 0; d < dims.Length; d++)
        {
            dims[d] = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(4 + 4 * d));
        }

        var header = 4 + 4 * dims.Length;
        var count = dims.Aggregate(1L, (a, b) => a * b);
        if (bytes.Length - header != count)
        {
            throw new InvalidDataException($"side by side: {path} holds {bytes.Length - header} bytes of data, its header says {count}.");
        }

        return (bytes[header..], dims);
    }
}
