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

        // Int128: three 31-bit sizes multiply to up to 93 bits, and a wrapped product could match a short file.
        var expected = (Int128)count * rows * columns;
        if (expected > Array.MaxLength - 16)
        {
            throw Corrupt(name, $"the header promises {count} images of {rows}x{columns} pixels, {expected} bytes, more than an array can hold ({Array.MaxLength})");
        }

        // Even with no images, the tensor shapes [N, 1, rows, columns] and [N, rows * columns] must be representable.
        if ((long)rows * columns > Array.MaxLength || Shape.Problem([count, 1, rows, columns]) is not null)
        {
            throw Corrupt(name, $"images of {rows}x{columns} pixels are too large for a tensor ({(long)rows * columns} pixels each; the limit is {Array.MaxLength} elements, with 32-bit strides)");
        }

        CheckLength(file, name, 16, (long)expected, $"{count} images of {rows}x{columns} pixels");
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
    public static byte[] ReadBytes(string path) => Decode(File.ReadAllBytes(path), path);

    /// <summary>A file image decompressed when it is gzipped; <paramref name="name"/> is used in errors.</summary>
    public static byte[] Decode(byte[] bytes, string name) => IsGzip(bytes) ? Gunzip(bytes, name) : bytes;

    /// <summary>True when <paramref name="bytes"/> start with the gzip magic bytes 1F 8B.</summary>
    public static bool IsGzip(ReadOnlySpan<byte> bytes) => bytes.Length >= 2 && bytes[0] == 0x1F && bytes[1] == 0x8B;

    /// <summary>
    /// Decompresses a single-member gzip image of an IDX file; <paramref name="name"/> is used in errors. Output stops
    /// at the size the decompressed IDX header announces (so a gzip bomb costs no more memory than an honest file of
    /// that header), and the gzip trailer must be present and match: CRC-32 and length of the decompressed bytes.
    /// </summary>
    public static byte[] Gunzip(byte[] bytes, string name)
    {
        // 10-byte member header, at least 2 bytes of deflate data (an empty final block) and the 8-byte trailer.
        const int MinGzipLength = 20;
        if (bytes.Length < MinGzipLength)
        {
            throw Corrupt(name, $"it looks gzipped but is only {bytes.Length} bytes long, too short for a gzip header, data and the 8-byte trailer");
        }

        var expectedCrc = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(bytes.Length - 8));
        var expectedLength = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(bytes.Length - 4));
        try
        {
            using var gzip = new GZipStream(new MemoryStream(bytes, writable: false), CompressionMode.Decompress);
            var output = new MemoryStream();

            // The header first: it says how long the whole file must be.
            var head = new byte[MaxHeaderLength];
            var headLength = gzip.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
            output.Write(head, 0, headLength);
            var buffer = new byte[1 << 16];
            if (AnnouncedLength(head.AsSpan(0, headLength)) is not { } limit)
            {
                // Not an IDX header: the parser will name the magic number, so the rest is never inflated.
                if (gzip.Read(buffer, 0, 1) > 0)
                {
                    return output.ToArray();
                }
            }
            else
            {
                while (output.Length <= limit)
                {
                    // One byte past the limit tells "exactly as announced" from "longer than announced".
                    var read = gzip.Read(buffer, 0, (int)Math.Min(buffer.Length, limit + 1 - output.Length));
                    if (read == 0)
                    {
                        break;
                    }

                    output.Write(buffer, 0, read);
                }

                if (output.Length > limit)
                {
                    throw Corrupt(name, $"it decompresses to more than the {limit} bytes its IDX header announces");
                }
            }

            var result = output.ToArray();
            if ((uint)result.Length != expectedLength || Crc32.Compute(result) != expectedCrc)
            {
                throw Corrupt(name, $"the gzip trailer (CRC-32 0x{expectedCrc:X8}, length {expectedLength}) does not match the {result.Length} decompressed bytes (CRC-32 0x{Crc32.Compute(result):X8}): the file is truncated, damaged, or has bytes after its gzip member");
            }

            return result;
        }
        catch (InvalidDataException e) when (!e.Message.StartsWith("MNIST file", StringComparison.Ordinal))
        {
            throw Corrupt(name, $"it looks gzipped but does not decompress ({e.Message})");
        }
    }

    /// <summary>The longest IDX header: the 4-byte magic and up to 255 dimension sizes of 4 bytes.</summary>
    private const int MaxHeaderLength = 4 + 4 * 255;

    /// <summary>
    /// The file length an IDX header announces (header plus data), when <paramref name="head"/> starts with a whole
    /// IDX header of a known element type whose size fits in an array; otherwise null. Checked arithmetic throughout.
    /// </summary>
    private static long? AnnouncedLength(ReadOnlySpan<byte> head)
    {
        if (head.Length < 4 || head[0] != 0 || head[1] != 0)
        {
            return null;
        }

        // IDX element types: 0x08 ubyte, 0x09 sbyte, 0x0B int16, 0x0C int32, 0x0D float32, 0x0E float64.
        var elementSize = head[2] switch { 0x08 or 0x09 => 1, 0x0B => 2, 0x0C or 0x0D => 4, 0x0E => 8, _ => 0 };
        var rank = head[3];
        var headerLength = 4 + 4 * rank;
        if (elementSize == 0 || head.Length < headerLength)
        {
            return null;
        }

        Int128 length = elementSize;
        for (var i = 0; i < rank; i++)
        {
            var d = BinaryPrimitives.ReadInt32BigEndian(head[(4 + 4 * i)..]);
            if (d < 0)
            {
                return null;
            }

            length *= d;
            if (length > Array.MaxLength)
            {
                return null;
            }
        }

        length += headerLength;
        return length <= Array.MaxLength ? (long)length : null;
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
