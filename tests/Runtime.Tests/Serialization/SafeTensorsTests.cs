using System.Buffers.Binary;
using System.Text;
using AutoDiffGen.Serialization;

namespace AutoDiffGen.Tests.Serialization;

public class SafeTensorsTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void RoundTripKeepsEveryDTypeShapeAndValue()
    {
        var tensors = new Dictionary<string, Tensor>
        {
            ["w"] = Tensor.FromArray(new float[] { 1.5f, -2.25f, float.MaxValue, float.Epsilon, 0f, -0f }, 2, 3),
            ["d"] = Tensor.FromArray(new double[] { Math.PI, -1e300 }, 2, 1),
            ["i"] = Tensor.FromArray(new long[] { long.MinValue, 0, long.MaxValue }),
            ["m"] = Tensor.FromArray(new bool[] { true, false, true, true }, 2, 2),
            ["scalar"] = Tensor.Scalar(3.0),
            ["empty"] = Tensor.Zeros(new Shape(0, 4)),
        };
        var path = _dir.File("model.safetensors");

        SafeTensors.Save(path, tensors);
        var loaded = SafeTensors.Load(path, out var metadata);

        Assert.Empty(metadata);
        Assert.Equal(tensors.Keys.Order(StringComparer.Ordinal), loaded.Keys.Order(StringComparer.Ordinal));
        foreach (var (name, expected) in tensors)
        {
            var actual = loaded[name];
            Assert.Equal(expected.DType, actual.DType);
            Assert.Equal(expected.Shape, actual.Shape);
            Assert.Equal(expected.ToDoubleArray(), actual.ToDoubleArray());
        }

        // Bit patterns matter too (negative zero, denormals).
        Assert.Equal(
            tensors["w"].ToArray<float>().Select(BitConverter.SingleToInt32Bits),
            loaded["w"].ToArray<float>().Select(BitConverter.SingleToInt32Bits));
    }

    [Fact]
    public void NonContiguousTensorIsSavedAsItsValues()
    {
        var source = Tensor.FromArray(new float[] { 1, 2, 3, 4, 5, 6 }, 2, 3);
        var transposed = source.T;
        Assert.False(transposed.IsContiguous);
        var path = _dir.File("t.safetensors");

        SafeTensors.Save(path, new Dictionary<string, Tensor> { ["t"] = transposed });

        var loaded = SafeTensors.Load(path)["t"];
        Assert.Equal(new Shape(3, 2), loaded.Shape);
        Assert.Equal(new float[] { 1, 4, 2, 5, 3, 6 }, loaded.ToArray<float>());
    }

    [Fact]
    public void MetadataRoundTrips()
    {
        var path = _dir.File("meta.safetensors");
        var metadata = new Dictionary<string, string> { ["format"] = "pt", ["epoch"] = "3", ["note"] = "ünïcode \"quoted\"" };

        SafeTensors.Save(path, new Dictionary<string, Tensor> { ["x"] = Tensor.Ones(2) }, metadata);

        Assert.Equal(metadata.OrderBy(p => p.Key), SafeTensors.ReadMetadata(path).OrderBy(p => p.Key));
        SafeTensors.Load(path, out var loadedMetadata);
        Assert.Equal(metadata.OrderBy(p => p.Key), loadedMetadata.OrderBy(p => p.Key));
    }

    [Fact]
    public void WrittenFileHasTheExactSafetensorsLayout()
    {
        var path = _dir.File("layout.safetensors");
        var tensors = new Dictionary<string, Tensor>
        {
            ["b"] = Tensor.FromArray(new float[] { 1.5f, -2f }),
            ["a"] = Tensor.FromArray(new long[] { 7 }),
            ["c"] = Tensor.FromArray(new bool[] { true }),
        };

        SafeTensors.Save(path, tensors, new Dictionary<string, string> { ["k"] = "v" });

        // By hand: metadata first, then 8-byte elements, then 4-byte, then 1-byte, each group by name; offsets
        // relative to the data section; header padded with spaces to a multiple of 8.
        var json = "{\"__metadata__\":{\"k\":\"v\"},"
            + "\"a\":{\"dtype\":\"I64\",\"shape\":[1],\"data_offsets\":[0,8]},"
            + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[8,16]},"
            + "\"c\":{\"dtype\":\"BOOL\",\"shape\":[1],\"data_offsets\":[16,17]}}";
        var header = Encoding.UTF8.GetBytes(json);
        var paddedLength = (header.Length + 7) / 8 * 8;
        var expected = new List<byte>();
        expected.AddRange(BitConverter.GetBytes((ulong)paddedLength));
        expected.AddRange(header);
        expected.AddRange(Enumerable.Repeat((byte)' ', paddedLength - header.Length));
        expected.AddRange(BitConverter.GetBytes(7L));
        expected.AddRange(BitConverter.GetBytes(1.5f));
        expected.AddRange(BitConverter.GetBytes(-2f));
        expected.Add(1);

        Assert.Equal(expected.ToArray(), File.ReadAllBytes(path));
    }

    [Fact]
    public void ReadsAHandBuiltFileWithUnpaddedHeaderAndUnsortedEntries()
    {
        // Entries listed in the opposite order to their offsets; no padding, as some writers produce.
        var json = "{\"y\":{\"dtype\":\"F64\",\"shape\":[],\"data_offsets\":[8,16]},"
            + "\"x\":{\"dtype\":\"I64\",\"shape\":[1],\"data_offsets\":[0,8]}}";
        var data = BitConverter.GetBytes(-5L).Concat(BitConverter.GetBytes(2.5)).ToArray();
        var path = Write("hand.safetensors", json, data);

        var loaded = SafeTensors.Load(path);

        Assert.Equal(new[] { "y", "x" }, loaded.Keys);
        Assert.Equal(new long[] { -5 }, loaded["x"].ToArray<long>());
        Assert.Equal(0, loaded["y"].Rank);
        Assert.Equal(2.5, loaded["y"].Item<double>());
    }

    [Fact]
    public void SavingOverAnExistingFileReplacesItAndLeavesNoTemporaryFile()
    {
        var path = _dir.File("w.safetensors");
        SafeTensors.Save(path, new Dictionary<string, Tensor> { ["x"] = Tensor.Ones(3) });
        SafeTensors.Save(path, new Dictionary<string, Tensor> { ["y"] = Tensor.Zeros(2) });

        Assert.Equal(new[] { "w.safetensors" }, _dir.FileNames());
        Assert.Equal(new[] { "y" }, SafeTensors.Load(path).Keys);
    }

    [Fact]
    public void FailedSaveLeavesTheOldFileIntactAndNoTemporaryFile()
    {
        var path = _dir.File("w.safetensors");
        SafeTensors.Save(path, new Dictionary<string, Tensor> { ["x"] = Tensor.Ones(3) });
        var before = File.ReadAllBytes(path);

        Assert.Throws<ArgumentException>(() => SafeTensors.Save(path, new Dictionary<string, Tensor> { ["x"] = null! }));
        Assert.Throws<ArgumentException>(() => SafeTensors.Save(path, new Dictionary<string, Tensor> { [SafeTensors.MetadataKey] = Tensor.Ones(1) }));

        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Equal(new[] { "w.safetensors" }, _dir.FileNames());
    }

    [Fact]
    public void WriteThatFailsHalfwayLeavesTheOldFileIntactAndNoTemporaryFile()
    {
        var path = _dir.File("w.safetensors");
        SafeTensors.Save(path, new Dictionary<string, Tensor> { ["x"] = Tensor.Ones(3) });
        var before = File.ReadAllBytes(path);

        var error = Assert.Throws<IOException>(() => AtomicFile.Write(path, stream =>
        {
            stream.Write(new byte[1000]);
            throw new IOException("disk full");
        }));

        Assert.Equal("disk full", error.Message);
        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Equal(new[] { "w.safetensors" }, _dir.FileNames());
    }

    [Fact]
    public void RejectsFileShorterThanTheLengthPrefix()
    {
        var path = _dir.File("short.safetensors");
        File.WriteAllBytes(path, [1, 2, 3]);
        AssertCorrupt(path, "truncated");
    }

    [Fact]
    public void RejectsHeaderLengthBeyondTheFile()
    {
        var bytes = new byte[64];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, 1000);
        var path = _dir.File("long.safetensors");
        File.WriteAllBytes(path, bytes);
        AssertCorrupt(path, "runs past the end of the file (64 bytes)");
    }

    [Fact]
    public void RejectsAbsurdHeaderLength()
    {
        var bytes = new byte[64];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, ulong.MaxValue - 3);
        var path = _dir.File("absurd.safetensors");
        File.WriteAllBytes(path, bytes);
        AssertCorrupt(path, "absurd");
    }

    [Theory]
    [InlineData("{\"x\":{\"dtype\":\"F32\",", "not valid JSON")]
    [InlineData("[1, 2]", "must be a JSON object")]
    [InlineData("{\"x\":{\"dtype\":\"F16\",\"shape\":[1],\"data_offsets\":[0,4]}}", "unknown or unsupported dtype \"F16\"")]
    [InlineData("{\"x\":{\"shape\":[1],\"data_offsets\":[0,4]}}", "missing or non-string \"dtype\"")]
    [InlineData("{\"x\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,4]}}", "non-negative")]
    [InlineData("{\"x\":{\"dtype\":\"F32\",\"shape\":[1]}}", "data_offsets")]
    [InlineData("{\"x\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,4]}}", "needs 8 bytes but data_offsets [0, 4] span 4")]
    [InlineData("{\"x\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,0]}}", "begin <= end")]
    [InlineData("{\"x\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,12]}}", "out of range")]
    [InlineData("{\"x\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},\"y\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[2,6]}}", "overlapping")]
    [InlineData("{\"x\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", "not contiguous: bytes [0, 4)")]
    [InlineData("{\"x\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", "cover only the first 4")]
    [InlineData("{\"x\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},\"x\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", "names 'x' twice")]
    [InlineData("{\"__metadata__\":{\"n\":1},\"x\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", "must be a string")]
    [InlineData("{\"x\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[\"0\",\"8\"]}}", "must be two non-negative integers")]
    [InlineData("{\"x\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8.0]}}", "must be two non-negative integers")]
    [InlineData("{\"\\ud800\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", "lone UTF-16 surrogate")]
    [InlineData("{\"x\":{\"dtype\":\"F\\udc0032\",\"shape\":[2],\"data_offsets\":[0,8]}}", "lone UTF-16 surrogate")]
    [InlineData("{\"__metadata__\":{\"k\":\"\\udfff\"},\"x\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", "lone UTF-16 surrogate")]
    [InlineData("{\"x\":{\"dtype\":\"F32\",\"shape\":[2],\"shape\":[1],\"data_offsets\":[0,8]}}", "the entry names \"shape\" twice")]
    [InlineData("{\"x\":{\"dtype\":\"F32\",\"dtype\":\"F64\",\"shape\":[2],\"data_offsets\":[0,8]}}", "the entry names \"dtype\" twice")]
    [InlineData("{\"x\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8],\"data_offsets\":[0,8]}}", "the entry names \"data_offsets\" twice")]
    [InlineData("{\"__metadata__\":{\"k\":\"a\",\"k\":\"b\"},\"x\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", "'__metadata__' names 'k' twice")]
    [InlineData("{\"x\":{\"dtype\":\"F32\",\"shape\":[0,65536,65536],\"data_offsets\":[0,0]},\"y\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", "more than 32-bit strides can address")]
    [InlineData("{\"x\":{\"dtype\":\"BOOL\",\"shape\":[65536,65536],\"data_offsets\":[0,8]}}", "has 4294967296 elements, more than a tensor can hold")]
    public void RejectsMalformedHeader(string json, string expectedMessagePart)
    {
        // Eight data bytes: enough for a two-float tensor, the cases above rely on that size.
        var path = Write("bad.safetensors", json, new byte[8]);
        AssertCorrupt(path, expectedMessagePart);
    }

    [Theory]
    [InlineData(new byte[] { 0xFF }, "0xFF")]
    [InlineData(new byte[] { 0xC3 }, "0xC3")]
    [InlineData(new byte[] { 0xED, 0xA0, 0x80 }, "0xED")] // a UTF-8-encoded surrogate (CESU-8), not valid UTF-8
    [InlineData(new byte[] { 0xC0, 0x80 }, "0xC0")] // overlong NUL
    public void RejectsAHeaderThatIsNotValidUtf8(byte[] invalid, string expectedByte)
    {
        // Inside a name, where System.Text.Json would decode it lazily, and in the padding, where it never looks.
        var json = Encoding.UTF8.GetBytes("{\"x\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}");
        var inName = json[..2].Concat(invalid).Concat(json[2..]).ToArray();
        var inPadding = json.Concat(invalid).ToArray();
        foreach (var header in new[] { inName, inPadding })
        {
            var path = WriteBytes("utf8.safetensors", header, new byte[8]);
            AssertCorrupt(path, "the header is not valid UTF-8");
            AssertCorrupt(path, expectedByte);
        }
    }

    [Fact]
    public void SaveRefusesANameThatCannotRoundTrip()
    {
        // Built here, not in attributes: attribute strings are stored as UTF-8, which turns lone surrogates into U+FFFD.
        foreach (var name in new[] { "\ud800", "w\udc00", "\udc00\ud800" })
        {
            RefusesLoneSurrogate(name);
        }
    }

    private void RefusesLoneSurrogate(string name)
    {
        var path = _dir.File("lone.safetensors");
        var tensor = new Dictionary<string, Tensor> { [name] = Tensor.Ones(2) };

        var error = Assert.Throws<ArgumentException>(() => SafeTensors.Save(path, tensor));
        Assert.Contains("lone UTF-16 surrogate", error.Message);
        Assert.Contains(path, error.Message);

        var metaKey = Assert.Throws<ArgumentException>(() => SafeTensors.Save(path, new Dictionary<string, Tensor> { ["x"] = Tensor.Ones(2) }, new Dictionary<string, string> { [name] = "v" }));
        Assert.Contains("metadata key", metaKey.Message);
        var metaValue = Assert.Throws<ArgumentException>(() => SafeTensors.Save(path, new Dictionary<string, Tensor> { ["x"] = Tensor.Ones(2) }, new Dictionary<string, string> { ["k"] = name }));
        Assert.Contains("value of metadata 'k'", metaValue.Message);
        Assert.Empty(_dir.FileNames());
    }

    [Fact]
    public void NamesOutsideTheBasicPlaneRoundTrip()
    {
        // A surrogate pair is a valid character (U+1F600): only lone halves are refused.
        var path = _dir.File("emoji.safetensors");
        SafeTensors.Save(path, new Dictionary<string, Tensor> { ["w\ud83d\ude00"] = Tensor.Ones(2) }, new Dictionary<string, string> { ["\u00e9"] = "\ud83d\ude00" });

        var loaded = SafeTensors.Load(path, out var metadata);
        Assert.Equal("w\ud83d\ude00", Assert.Single(loaded.Keys));
        Assert.Equal("\ud83d\ude00", metadata["\u00e9"]);
    }

    [Fact]
    public void RejectsBoolBytesOtherThanZeroOrOne()
    {
        var path = Write("bool.safetensors", "{\"m\":{\"dtype\":\"BOOL\",\"shape\":[2],\"data_offsets\":[0,2]}}", [1, 7]);
        AssertCorrupt(path, "byte value 7 at element 1");
    }

    [Fact]
    public void RejectsTruncatedData()
    {
        var path = _dir.File("cut.safetensors");
        SafeTensors.Save(path, new Dictionary<string, Tensor> { ["x"] = Tensor.Ones(100) });
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..^10]);
        AssertCorrupt(path, "out of range");
    }

    private string Write(string name, string json, byte[] data) => WriteBytes(name, Encoding.UTF8.GetBytes(json), data);

    private string WriteBytes(string name, byte[] header, byte[] data)
    {
        var bytes = new byte[8 + header.Length + data.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)header.Length);
        header.CopyTo(bytes, 8);
        data.CopyTo(bytes, 8 + header.Length);
        var path = _dir.File(name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static void AssertCorrupt(string path, string expectedMessagePart)
    {
        var error = Assert.Throws<InvalidDataException>(() => SafeTensors.Load(path));
        Assert.Contains(path, error.Message);
        Assert.Contains(expectedMessagePart, error.Message);
    }
}
