using System.Buffers.Binary;
using System.IO.Compression;
using AutoDiffGen.Data;
using AutoDiffGen.Tests.Data;

namespace AutoDiffGen.Tests.Fuzz;

/// <summary>
/// Mutational fuzzing of the IDX (MNIST) reader, raw and gzipped: every mutated file must either load correctly (its
/// header's sizes, exactly the bytes that follow it) or be rejected with an <see cref="InvalidDataException"/> naming it.
/// </summary>
public class IdxFuzzTests
{
    private const int Cases = 20_000;
    private const string Name = "fuzz-idx";

    [Fact]
    public void EveryMutatedRawOrGzippedFileLoadsCorrectlyOrIsRejectedNamingTheFile()
    {
        var raw = new[]
        {
            IdxBuilder.Images(3, 4, 2, i => (byte)(i * 13)),
            IdxBuilder.Images(1, 1, 1, _ => 255),
            IdxBuilder.Images(0, 28, 28, _ => 0),
            IdxBuilder.Labels(0, 1, 2, 9, 5),
            IdxBuilder.Labels(),
        };
        var gzipped = raw.Select(IdxBuilder.Gzip).ToArray();
        var rawMutator = new Mutator(seed: 23, raw);
        var gzipMutator = new Mutator(seed: 24, gzipped);
        int loaded = 0, rejected = 0;
        for (var i = 0; i < Cases; i++)
        {
            // Gzipped inputs either damage the compressed bytes, or compress a damaged IDX file (valid gzip, bad payload).
            var file = (i % 3) switch
            {
                0 => rawMutator.Next(),
                1 => gzipMutator.Next(),
                _ => IdxBuilder.Gzip(rawMutator.Next()),
            };
            var images = i % 2 == 0;
            try
            {
                var bytes = IdxFile.Decode(file, Name);
                if (images)
                {
                    var result = IdxFile.ParseImages(bytes, Name);
                    AssertImages(i, file, result);
                }
                else
                {
                    var labels = IdxFile.ParseLabels(bytes, Name);
                    AssertLabels(i, file, labels);
                }

                loaded++;
            }
            catch (InvalidDataException e) when (e.Message.Contains($"'{Name}'", StringComparison.Ordinal))
            {
                rejected++;
            }
            catch (Exception e) when (e is not Xunit.Sdk.XunitException)
            {
                Assert.Fail($"case {i}: {e.GetType().Name} ({e.Message}) on input {Convert.ToHexString(file)}");
            }
        }

        Assert.True(loaded > Cases / 100, $"only {loaded} of {Cases} mutated files loaded");
        Assert.True(rejected > Cases / 2, $"only {rejected} of {Cases} mutated files were rejected");
    }

    /// <summary>The file as an independent reader sees it: inflated (whole, one gzip member, trailer checked) or raw.</summary>
    private static byte[] Independent(int i, byte[] file)
    {
        if (!IdxFile.IsGzip(file))
        {
            return file;
        }

        using var gzip = new GZipStream(new MemoryStream(file), CompressionMode.Decompress);
        using var output = new MemoryStream();
        gzip.CopyTo(output);
        var bytes = output.ToArray();
        Assert.True(BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(file.Length - 4)) == (uint)bytes.Length, $"case {i}: loaded, but the gzip trailer's length is wrong");
        Assert.True(BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(file.Length - 8)) == BitwiseCrc32(bytes), $"case {i}: loaded, but the gzip trailer's CRC-32 is wrong");
        return bytes;
    }

    private static void AssertImages(int i, byte[] file, IdxFile.Images images)
    {
        var bytes = Independent(i, file);
        Assert.Equal(IdxFile.ImagesMagic, BinaryPrimitives.ReadInt32BigEndian(bytes));
        Assert.Equal(BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(4)), images.Count);
        Assert.Equal(BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(8)), images.Rows);
        Assert.Equal(BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(12)), images.Columns);
        Assert.Equal((long)images.Count * images.Rows * images.Columns, images.Pixels.LongLength);
        Assert.Equal(bytes[16..], images.Pixels);
        _ = new Shape(images.Count, 1, images.Rows, images.Columns);
    }

    private static void AssertLabels(int i, byte[] file, byte[] labels)
    {
        var bytes = Independent(i, file);
        Assert.Equal(IdxFile.LabelsMagic, BinaryPrimitives.ReadInt32BigEndian(bytes));
        Assert.Equal(BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(4)), labels.Length);
        Assert.Equal(bytes[8..], labels);
        Assert.All(labels, l => Assert.True(l < 10));
    }

    /// <summary>CRC-32 one bit at a time, independent of the reader's table-driven one.</summary>
    private static uint BitwiseCrc32(byte[] data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1)));
            }
        }

        return ~crc;
    }
}
