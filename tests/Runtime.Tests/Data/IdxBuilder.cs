using System.Buffers.Binary;
using System.IO.Compression;

namespace AutoDiffGen.Tests.Data;

/// <summary>Builds small IDX files by hand, as the MNIST distribution lays them out.</summary>
internal static class IdxBuilder
{
    public static byte[] Images(int count, int rows, int columns, Func<int, byte> pixel, int magic = 2051)
    {
        var bytes = new byte[16 + count * rows * columns];
        BinaryPrimitives.WriteInt32BigEndian(bytes, magic);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4), count);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(8), rows);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(12), columns);
        for (var i = 16; i < bytes.Length; i++)
        {
            bytes[i] = pixel(i - 16);
        }

        return bytes;
    }

    public static byte[] Labels(params byte[] labels)
    {
        var bytes = new byte[8 + labels.Length];
        BinaryPrimitives.WriteInt32BigEndian(bytes, 2049);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4), labels.Length);
        labels.CopyTo(bytes, 8);
        return bytes;
    }

    public static byte[] Gzip(byte[] bytes)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
        {
            gzip.Write(bytes);
        }

        return output.ToArray();
    }

    /// <summary>A small stand-in for the four MNIST files: 5 training and 3 test images of 4x3 pixels.</summary>
    public static Dictionary<string, byte[]> FourFiles() => new()
    {
        ["train-images-idx3-ubyte"] = Images(5, 4, 3, i => (byte)(i * 7 % 256)),
        ["train-labels-idx1-ubyte"] = Labels(5, 0, 4, 1, 9),
        ["t10k-images-idx3-ubyte"] = Images(3, 4, 3, i => (byte)(255 - i)),
        ["t10k-labels-idx1-ubyte"] = Labels(7, 2, 1),
    };
}
