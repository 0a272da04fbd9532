using System.Buffers.Binary;
using System.IO.Compression;

namespace AutoDiffGen.Data;

/// <summary>Reads the IDX files MNIST is distributed in (big-endian header, then unsigned bytes), raw or gzipped.</summary>
internal static class IdxFile
{
    /// <summary>Magic number of an IDX file of unsigned bytes with three dimensions (images).</summary>
    public const int ImagesMagic = 2051;

    /// <summary>Magic number of an IDX file of unsigned bytes with one dimension (labels).</summary>
    public const int LabelsMagic = 2049;

    /// <summary>The contents of an images file: <see cref="Count"/> images of <see cref="Rows"/> by <see cref="Columns"/> pixels.</summary>
    public readonly record struct Images(byte[] Pixels, int Count, int Rows, int Columns);

    /// <summary>Reads and validates an images file (magic 2051).</summary>
    public static Images ReadImages(string path) => ParseImages(ReadBytes(path), path);

    /// <summary>Reads and validates a labels file (magic 2049) whose labels must all be below <paramref name="classes"/>.</summary>
    public static byte[] ReadLabels(string path, int classes = 10) => ParseLabels(ReadBytes(path), path, classes);

    /// <summary>Validates an images file image held in memory; <paramref name="name"/> is used in errors.</summary>
    public static Images ParseImages(byte[] file, string name)
    {
        CheckHeader(file, name, ImagesMagic, headerLength: 16, "images (unsigned bytes, 3 dimensions)");
        var count = ReadDimension(file, 4, name, "image count");
        var rows = ReadDimension(file, 8, name, "row count");
        var columns = ReadDimension(file, 12, name, "column count");
        if (rows == 0 || columns == 0)
        {
            throw Corrupt(name, $"images of {rows}x{columns} pixels are empty");
        }

        var expected = (long)count * rows * columns;
        CheckLength(file, name, 16, expected, $"{count} images of {rows}x{columns} pixels");
        return new Images(file.AsSpan(16).ToArray(), count, rows, columns);
    }

    /// <summary>Validates a labels file image held in memory; <paramref name="name"/> is used in errors.</summary>
    public static byte[] ParseLabels(byte[] file, string name, int classes = 10)
    {
        CheckHeader(file, name, LabelsMagic, headerLength: 8, "labels (unsigned bytes, 1 dimension)");
        var count = ReadDimension(file, 4, name, "label count");
        CheckLength(file, name, 8, count, $"{count} labels");
        var labels = file.AsSpan(8).ToArray();
        for (var i = 0; i < labels.Length; i++)
        {
            if (labels[i] >= classes)
            {
                throw Corrupt(name, $"label {labels[i]} at index {i} is not a class in 0..{classes - 1}");
            }
        }

        return labels;
    }

    /// <summary>The file's bytes, decompressed when it is gzipped (recognised by its magic bytes, whatever its name).</summary>
    public static byte[] ReadBytes(string path)
    {
        var bytes = File.ReadAllBytes(path);
        return IsGzip(bytes) ? Gunzip(bytes, path) : bytes;
    }

    /// <summary>True when <paramref name="bytes"/> start with the gzip magic bytes 1F 8B.</summary>
    public static bool IsGzip(ReadOnlySpan<byte> bytes) => bytes.Length >= 2 && bytes[0] == 0x1F && bytes[1] == 0x8B;

    /// <summary>Decompresses a gzip image; <paramref name="name"/> is used in errors.</summary>
    public static byte[] Gunzip(byte[] bytes, string name)
    {
        try
        {
            using var gzip = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
            using var output = new MemoryStream();
            gzip.CopyTo(output);
            return output.ToArray();
        }
        catch (InvalidDataException e)
        {
            throw Corrupt(name, $"it looks gzipped but does not decompress ({e.Message})");
        }
    }

    private static void CheckHeader(byte[] file, string name, int magic, int headerLength, string kind)
    {
        // The magic number first: "this is a labels file" says more than "too short for an images header".
        var actual = file.Length >= 4 ? BinaryPrimitives.ReadInt32BigEndian(file) : magic;
        if (actual != magic)
        {
            var hint = actual switch
            {
                ImagesMagic => " (that is an images file)",
                LabelsMagic => " (that is a labels file)",
                _ => string.Empty,
            };
            throw Corrupt(name, $"magic number {actual}{hint} is not {magic}, the magic number of IDX {kind}");
        }

        if (file.Length < headerLength)
        {
            throw Corrupt(name, $"the file is truncated: {file.Length} bytes, but an IDX {kind} file starts with a {headerLength}-byte header");
        }
    }

    private static int ReadDimension(byte[] file, int offset, string name, string what)
    {
        var value = BinaryPrimitives.ReadInt32BigEndian(file.AsSpan(offset));
        return value >= 0 ? value : throw Corrupt(name, $"the {what} {value} is negative");
    }

    private static void CheckLength(byte[] file, string name, int headerLength, long expected, string what)
    {
        var actual = file.Length - (long)headerLength;
        if (actual != expected)
        {
            var problem = actual < expected ? "the file is truncated" : "the file has trailing bytes";
            throw Corrupt(name, $"the header promises {what} ({expected} bytes after the header) but {actual} bytes follow; {problem}");
        }
    }

    private static InvalidDataException Corrupt(string name, string what) => new($"MNIST file '{name}': {what}.");
}
