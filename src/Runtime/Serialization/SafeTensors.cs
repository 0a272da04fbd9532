using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace AutoDiffGen.Serialization;

/// <summary>
/// Reads and writes the safetensors format (Hugging Face's <c>safetensors</c>), so tensors move to and from PyTorch and
/// Hugging Face tools: an 8-byte little-endian header length, a UTF-8 JSON header mapping each name to its dtype, shape
/// and byte range, then the raw little-endian tensor bytes, one tensor after another with no gaps.
/// </summary>
/// <remarks>
/// Supported dtypes: <c>F32</c>, <c>F64</c>, <c>I64</c> and <c>BOOL</c> (the four <see cref="DType"/>s). Writes are atomic
/// (a temporary file in the same folder, renamed over the target once complete, then the folder flushed); a save or
/// load removes temporary files of the same target that a killed writer left behind. Reads validate every header field
/// against the file before touching the data, and reject a corrupt file with an <see cref="InvalidDataException"/>
/// that names the file and what is wrong.
/// </remarks>
public static class SafeTensors
{
    /// <summary>The reserved header key that holds the optional string-to-string metadata map.</summary>
    public const string MetadataKey = "__metadata__";

    /// <summary>Headers longer than this are rejected as corrupt, as the reference implementation does (100 MB).</summary>
    public const long MaxHeaderLength = 100_000_000;

    /// <summary>
    /// Writes <paramref name="tensors"/> (and the optional <paramref name="metadata"/>) to <paramref name="path"/>,
    /// replacing any existing file atomically. Non-contiguous tensors are written as their contiguous values.
    /// </summary>
    /// <remarks>
    /// Tensors are laid out by decreasing element size, then by ordinal name, so every tensor starts at an offset aligned
    /// to its element size; the header is padded with spaces to a multiple of 8 bytes, as the reference writer does.
    /// </remarks>
    public static void Save(string path, IReadOnlyDictionary<string, Tensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(tensors);
        var entries = PrepareEntries(path, tensors);
        var header = BuildHeader(path, entries, metadata);
        AtomicFile.Write(path, stream => WriteContents(stream, header, entries));
    }

    /// <summary>Reads every tensor in the safetensors file at <paramref name="path"/>, in file order.</summary>
    public static Dictionary<string, Tensor> Load(string path) => Load(path, out _);

    /// <summary>
    /// Reads every tensor in the safetensors file at <paramref name="path"/>, in file order, and its metadata map
    /// (empty when the file has none).
    /// </summary>
    public static Dictionary<string, Tensor> Load(string path, out IReadOnlyDictionary<string, string> metadata)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        AtomicFile.RemoveStaleTemporaries(path);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16);
        return Read(stream, path, out metadata);
    }

    /// <summary>Reads only the metadata map of the safetensors file at <paramref name="path"/> (validating the header).</summary>
    public static IReadOnlyDictionary<string, string> ReadMetadata(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        var (_, metadata, _) = ReadHeader(stream, path);
        return metadata;
    }

    /// <summary>Reads a whole safetensors image from <paramref name="stream"/>; <paramref name="name"/> is used in errors.</summary>
    internal static Dictionary<string, Tensor> Read(Stream stream, string name, out IReadOnlyDictionary<string, string> metadata)
    {
        EnsureLittleEndian();
        var (entries, meta, dataStart) = ReadHeader(stream, name);
        metadata = meta;

        // Entries are sorted by offset and proved contiguous, so one forward pass reads the data.
        var tensors = new Tensor[entries.Count];
        foreach (var entry in entries.OrderBy(e => e.Begin))
        {
            stream.Position = dataStart + entry.Begin;
            tensors[entry.Index] = ReadTensor(stream, name, entry);
        }

        var result = new Dictionary<string, Tensor>(entries.Count, StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            result.Add(entry.Name, tensors[entry.Index]);
        }

        return result;
    }

    /// <summary>Parses and validates the header; returns the entries in header order and the absolute start of the data.</summary>
    private static (List<Entry> Entries, IReadOnlyDictionary<string, string> Metadata, long DataStart) ReadHeader(Stream stream, string name)
    {
        var fileLength = stream.Length;
        if (fileLength < 8)
        {
            throw Corrupt(name, $"the file is truncated: it is {fileLength} bytes long, too short to hold the 8-byte header length");
        }

        Span<byte> prefix = stackalloc byte[8];
        stream.ReadExactly(prefix);
        var headerLength = BinaryPrimitives.ReadUInt64LittleEndian(prefix);
        if (headerLength > MaxHeaderLength)
        {
            throw Corrupt(name, $"the header length {headerLength} is absurd (the limit is {MaxHeaderLength} bytes); this is not a safetensors file or its first 8 bytes are damaged");
        }

        if ((long)headerLength > fileLength - 8)
        {
            throw Corrupt(name, $"the header length {headerLength} runs past the end of the file ({fileLength} bytes); the file is truncated or not a safetensors file");
        }

        var headerBytes = new byte[headerLength];
        stream.ReadExactly(headerBytes);
        var dataStart = 8 + (long)headerLength;
        var dataLength = fileLength - dataStart;

        // As a whole first: System.Text.Json checks UTF-8 only in the strings it is asked to decode, and then throws
        // InvalidOperationException, which would name neither the file nor the problem.
        if (!System.Text.Unicode.Utf8.IsValid(headerBytes))
        {
            var valid = ValidUtf8Prefix(headerBytes);
            throw Corrupt(name, $"the header is not valid UTF-8 (the first invalid byte, 0x{headerBytes[valid]:X2}, is at header offset {valid})");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(headerBytes);
        }
        catch (JsonException e)
        {
            throw Corrupt(name, $"the header is not valid JSON ({e.Message})");
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw Corrupt(name, $"the header must be a JSON object but is a {document.RootElement.ValueKind}");
            }

            var entries = new List<Entry>();
            var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var property in document.RootElement.EnumerateObject())
            {
                var key = PropertyName(name, property, "a header key");
                if (!seen.Add(key))
                {
                    throw Corrupt(name, $"the header names '{key}' twice");
                }

                if (key == MetadataKey)
                {
                    ParseMetadata(name, property.Value, metadata);
                }
                else
                {
                    entries.Add(ParseEntry(name, key, property.Value, entries.Count));
                }
            }

            CheckLayout(name, entries, dataLength);
            return (entries, metadata, dataStart);
        }
    }

    private static void ParseMetadata(string name, JsonElement value, Dictionary<string, string> metadata)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            throw Corrupt(name, $"'{MetadataKey}' must be an object of strings but is a {value.ValueKind}");
        }

        foreach (var item in value.EnumerateObject())
        {
            var key = PropertyName(name, item, $"a '{MetadataKey}' key");
            if (item.Value.ValueKind != JsonValueKind.String)
            {
                throw Corrupt(name, $"'{MetadataKey}' entry '{key}' must be a string but is a {item.Value.ValueKind}");
            }

            // Last-one-wins would make the same bytes mean different things to different readers.
            if (!metadata.TryAdd(key, StringValue(name, item.Value, $"'{MetadataKey}' entry '{key}'")))
            {
                throw Corrupt(name, $"'{MetadataKey}' names '{key}' twice");
            }
        }
    }

    private static Entry ParseEntry(string name, string key, JsonElement value, int index)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            throw Corrupt(name, $"tensor '{key}': the entry must be an object with dtype, shape and data_offsets but is a {value.ValueKind}");
        }

        // One pass over the members, so a field given twice is an error rather than whichever copy a lookup finds.
        JsonElement? dtypeElement = null, shapeElement = null, offsetsElement = null;
        var fields = new HashSet<string>(StringComparer.Ordinal);
        foreach (var field in value.EnumerateObject())
        {
            var fieldName = PropertyName(name, field, $"a key of tensor '{key}'");
            if (!fields.Add(fieldName))
            {
                throw Corrupt(name, $"tensor '{key}': the entry names \"{fieldName}\" twice");
            }

            switch (fieldName)
            {
                case "dtype": dtypeElement = field.Value; break;
                case "shape": shapeElement = field.Value; break;
                case "data_offsets": offsetsElement = field.Value; break;
            }
        }

        if (dtypeElement is not { ValueKind: JsonValueKind.String } dtypeValue)
        {
            throw Corrupt(name, $"tensor '{key}': missing or non-string \"dtype\"");
        }

        var dtypeName = StringValue(name, dtypeValue, $"tensor '{key}': \"dtype\"");
        var dtype = ParseDType(dtypeName)
            ?? throw Corrupt(name, $"tensor '{key}': unknown or unsupported dtype \"{dtypeName}\" (supported: F32, F64, I64, BOOL)");

        if (shapeElement is not { ValueKind: JsonValueKind.Array } shapeValue)
        {
            throw Corrupt(name, $"tensor '{key}': missing or non-array \"shape\"");
        }

        var dims = new int[shapeValue.GetArrayLength()];
        var i = 0;
        foreach (var d in shapeValue.EnumerateArray())
        {
            if (d.ValueKind != JsonValueKind.Number || !d.TryGetInt32(out var size) || size < 0)
            {
                throw Corrupt(name, $"tensor '{key}': shape entries must be non-negative 32-bit integers, found {d.GetRawText()}");
            }

            dims[i++] = size;
        }

        if (Shape.Problem(dims) is { } problem)
        {
            throw Corrupt(name, $"tensor '{key}': shape [{string.Join(", ", dims)}] {problem}");
        }

        var shape = new Shape(dims);

        if (offsetsElement is not { ValueKind: JsonValueKind.Array } offsetsValue || offsetsValue.GetArrayLength() != 2)
        {
            throw Corrupt(name, $"tensor '{key}': \"data_offsets\" must be an array [begin, end]");
        }

        var begin = offsetsValue[0];
        var end = offsetsValue[1];
        if (begin.ValueKind != JsonValueKind.Number || end.ValueKind != JsonValueKind.Number
            || !begin.TryGetInt64(out var b) || !end.TryGetInt64(out var e2) || b < 0 || e2 < b)
        {
            throw Corrupt(name, $"tensor '{key}': \"data_offsets\" {offsetsValue.GetRawText()} must be two non-negative integers with begin <= end");
        }

        var expected = (long)shape.NumElements * dtype.ElementSize();
        if (e2 - b != expected)
        {
            throw Corrupt(name, $"tensor '{key}': shape {shape} of {DTypeName(dtype)} needs {expected} bytes but data_offsets [{b}, {e2}] span {e2 - b}");
        }

        return new Entry(key, dtype, shape, b, e2, index);
    }

    /// <summary>A JSON member's name; a lone UTF-16 surrogate escape (<c>\ud800</c>) names no string and is refused.</summary>
    private static string PropertyName(string name, JsonProperty property, string what)
    {
        try
        {
            return property.Name;
        }
        catch (InvalidOperationException)
        {
            throw Corrupt(name, $"{what} is not a valid Unicode string (it escapes a lone UTF-16 surrogate, which no string can hold)");
        }
    }

    /// <summary>A JSON string's value, refusing a lone UTF-16 surrogate escape (it cannot round-trip).</summary>
    private static string StringValue(string name, JsonElement value, string what)
    {
        try
        {
            return value.GetString()!;
        }
        catch (InvalidOperationException)
        {
            throw Corrupt(name, $"{what} {value.GetRawText()} is not a valid Unicode string (it escapes a lone UTF-16 surrogate)");
        }
    }

    /// <summary>The length of the longest valid UTF-8 prefix of <paramref name="bytes"/>.</summary>
    private static int ValidUtf8Prefix(byte[] bytes)
    {
        var status = System.Text.Unicode.Utf8.ToUtf16(bytes, new char[bytes.Length], out var read, out _, replaceInvalidSequences: false);
        return status == System.Buffers.OperationStatus.Done ? bytes.Length - 1 : read;
    }

    /// <summary>Checks that the byte ranges tile the data section exactly: in range, no overlaps, no gaps, nothing left over.</summary>
    private static void CheckLayout(string name, List<Entry> entries, long dataLength)
    {
        long position = 0;
        Entry? previous = null;
        foreach (var entry in entries.OrderBy(e => e.Begin).ThenBy(e => e.End))
        {
            if (entry.End > dataLength)
            {
                throw Corrupt(name, $"tensor '{entry.Name}': data_offsets [{entry.Begin}, {entry.End}] are out of range: the data section holds {dataLength} bytes (is the file truncated?)");
            }

            if (entry.Begin < position)
            {
                throw Corrupt(name, $"tensors '{previous!.Name}' [{previous.Begin}, {previous.End}] and '{entry.Name}' [{entry.Begin}, {entry.End}] have overlapping data_offsets");
            }

            if (entry.Begin > position)
            {
                throw Corrupt(name, $"data_offsets are not contiguous: bytes [{position}, {entry.Begin}) before tensor '{entry.Name}' belong to no tensor");
            }

            position = entry.End;
            previous = entry;
        }

        if (position != dataLength)
        {
            throw Corrupt(name, $"data_offsets are not contiguous: the data section holds {dataLength} bytes but the tensors cover only the first {position}");
        }
    }

    private static Tensor ReadTensor(Stream stream, string name, Entry entry)
    {
        var n = entry.Shape.NumElements;
        switch (entry.DType)
        {
            case DType.Float32:
                {
                    var data = new float[n];
                    stream.ReadExactly(MemoryMarshal.AsBytes(data.AsSpan()));
                    return Tensor.Wrap(data, entry.Shape);
                }

            case DType.Float64:
                {
                    var data = new double[n];
                    stream.ReadExactly(MemoryMarshal.AsBytes(data.AsSpan()));
                    return Tensor.Wrap(data, entry.Shape);
                }

            case DType.Int64:
                {
                    var data = new long[n];
                    stream.ReadExactly(MemoryMarshal.AsBytes(data.AsSpan()));
                    return Tensor.Wrap(data, entry.Shape);
                }

            default:
                {
                    // Read as bytes first: a .NET bool holding a byte other than 0 or 1 compares unpredictably.
                    var bytes = new byte[n];
                    stream.ReadExactly(bytes);
                    var data = new bool[n];
                    for (var i = 0; i < n; i++)
                    {
                        data[i] = bytes[i] switch
                        {
                            0 => false,
                            1 => true,
                            _ => throw Corrupt(name, $"tensor '{entry.Name}' (BOOL) holds byte value {bytes[i]} at element {i}; BOOL elements must be 0 or 1"),
                        };
                    }

                    return Tensor.Wrap(data, entry.Shape);
                }
        }
    }

    private static List<Entry> PrepareEntries(string path, IReadOnlyDictionary<string, Tensor> tensors)
    {
        var entries = new List<Entry>(tensors.Count);
        var contiguous = new List<Tensor>(tensors.Count);
        foreach (var (key, tensor) in tensors)
        {
            if (key is null || key == MetadataKey)
            {
                throw new ArgumentException($"SafeTensors.Save('{path}'): '{key}' cannot be used as a tensor name.", nameof(tensors));
            }

            RequireRoundTrip(path, key, "tensor name", nameof(tensors));

            if (tensor is null)
            {
                throw new ArgumentException($"SafeTensors.Save('{path}'): tensor '{key}' is null.", nameof(tensors));
            }

            entries.Add(new Entry(key, tensor.DType, tensor.Shape, 0, 0, entries.Count) { Tensor = tensor.ContiguousUntracked() });
        }

        // Larger elements first keeps every tensor aligned to its element size (the header ends 8-byte aligned).
        entries.Sort((a, b) =>
        {
            var bySize = b.DType.ElementSize().CompareTo(a.DType.ElementSize());
            return bySize != 0 ? bySize : string.CompareOrdinal(a.Name, b.Name);
        });

        long offset = 0;
        for (var i = 0; i < entries.Count; i++)
        {
            var length = (long)entries[i].Shape.NumElements * entries[i].DType.ElementSize();
            entries[i] = entries[i] with { Begin = offset, End = offset + length };
            offset += length;
        }

        return entries;
    }

    /// <summary>The JSON header, padded with spaces so that the data section starts 8-byte aligned.</summary>
    private static byte[] BuildHeader(string path, List<Entry> entries, IReadOnlyDictionary<string, string>? metadata)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            if (metadata is { Count: > 0 })
            {
                json.WriteStartObject(MetadataKey);
                foreach (var (key, value) in metadata.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    RequireRoundTrip(path, key, "metadata key", nameof(metadata));
                    RequireRoundTrip(path, value ?? throw new ArgumentException($"SafeTensors.Save('{path}'): metadata '{key}' is null.", nameof(metadata)), $"value of metadata '{key}'", nameof(metadata));
                    json.WriteString(key, value);
                }

                json.WriteEndObject();
            }

            foreach (var entry in entries)
            {
                json.WriteStartObject(entry.Name);
                json.WriteString("dtype", DTypeName(entry.DType));
                json.WriteStartArray("shape");
                foreach (var d in entry.Shape.Dims)
                {
                    json.WriteNumberValue(d);
                }

                json.WriteEndArray();
                json.WriteStartArray("data_offsets");
                json.WriteNumberValue(entry.Begin);
                json.WriteNumberValue(entry.End);
                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndObject();
        }

        var length = (int)buffer.Length;
        var padded = (length + 7) / 8 * 8;
        var header = new byte[padded];
        buffer.GetBuffer().AsSpan(0, length).CopyTo(header);
        header.AsSpan(length).Fill((byte)' ');
        return header;
    }

    private static void WriteContents(Stream stream, byte[] header, List<Entry> entries)
    {
        EnsureLittleEndian();
        Span<byte> prefix = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(prefix, (ulong)header.Length);
        stream.Write(prefix);
        stream.Write(header);
        foreach (var entry in entries)
        {
            var t = entry.Tensor!;
            switch (t.DType)
            {
                case DType.Float32: stream.Write(MemoryMarshal.AsBytes(t.Data<float>())); break;
                case DType.Float64: stream.Write(MemoryMarshal.AsBytes(t.Data<double>())); break;
                case DType.Int64: stream.Write(MemoryMarshal.AsBytes(t.Data<long>())); break;
                default: stream.Write(MemoryMarshal.AsBytes(t.Data<bool>())); break;
            }
        }
    }

    /// <summary>
    /// Refuses a string holding a lone UTF-16 surrogate: UTF-8 cannot encode it, so the JSON writer would store U+FFFD
    /// and the tensor would come back under another name.
    /// </summary>
    private static void RequireRoundTrip(string path, string text, string what, string parameter)
    {
        var status = System.Text.Unicode.Utf8.FromUtf16(text, new byte[Encoding.UTF8.GetMaxByteCount(text.Length)], out var read, out _, replaceInvalidSequences: false);
        if (status != System.Buffers.OperationStatus.Done)
        {
            throw new ArgumentException($"SafeTensors.Save('{path}'): the {what} \"{text}\" holds a lone UTF-16 surrogate (U+{(int)text[read]:X4} at index {read}), which UTF-8 cannot encode, so it would not read back as written.", parameter);
        }
    }

    /// <summary>The safetensors spelling of <paramref name="dtype"/>.</summary>
    internal static string DTypeName(DType dtype) => dtype switch
    {
        DType.Float32 => "F32",
        DType.Float64 => "F64",
        DType.Int64 => "I64",
        DType.Bool => "BOOL",
        _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "Unknown dtype."),
    };

    private static DType? ParseDType(string name) => name switch
    {
        "F32" => DType.Float32,
        "F64" => DType.Float64,
        "I64" => DType.Int64,
        "BOOL" => DType.Bool,
        _ => null,
    };

    private static void EnsureLittleEndian()
    {
        // NOTE: tensors are copied as raw bytes; safetensors is little-endian, like every platform .NET ships on today.
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("SafeTensors: big-endian platforms are not supported.");
        }
    }

    private static InvalidDataException Corrupt(string name, string what) => new($"safetensors file '{name}': {what}.");

    /// <summary>One tensor's header entry; <see cref="Index"/> is its position in the header (or input) order.</summary>
    private sealed record Entry(string Name, DType DType, Shape Shape, long Begin, long End, int Index)
    {
        /// <summary>The contiguous tensor to write (save only).</summary>
        public Tensor? Tensor { get; init; }
    }
}
