using System.Buffers.Binary;
using System.Text.Json;
using AutoDiffGen.Serialization;
using AutoDiffGen.Tests.Serialization;

namespace AutoDiffGen.Tests.Fuzz;

/// <summary>
/// Mutational fuzzing of the safetensors reader: every mutated file must either load correctly (each tensor exactly
/// the bytes, dtype and shape its header states) or be rejected with an <see cref="InvalidDataException"/> naming it.
/// </summary>
public class SafeTensorsFuzzTests : IDisposable
{
    private const int Cases = 20_000;
    private const string Name = "fuzz.safetensors";

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void EveryMutatedFileLoadsCorrectlyOrIsRejectedNamingTheFile()
    {
        var seeds = Seeds();
        var headers = seeds.Select(s => s[8..(8 + (int)BinaryPrimitives.ReadUInt64LittleEndian(s))]).ToArray();
        var whole = new Mutator(seed: 17, seeds);
        var header = new Mutator(seed: 18, headers);
        int loaded = 0, rejected = 0;
        for (var i = 0; i < Cases; i++)
        {
            // Half the cases mutate the header only and fix the length prefix, so they reach the JSON checks.
            var file = i % 2 == 0 ? whole.Next() : Reassemble(header.Next(), seeds[header.Random.Next(seeds.Length)]);
            Dictionary<string, Tensor> tensors;
            IReadOnlyDictionary<string, string> metadata;
            try
            {
                tensors = SafeTensors.Read(new MemoryStream(file, writable: false), Name, out metadata);
            }
            catch (InvalidDataException e) when (e.Message.Contains($"'{Name}'", StringComparison.Ordinal))
            {
                rejected++;
                continue;
            }
            catch (Exception e)
            {
                Assert.Fail($"case {i}: {e.GetType().Name} ({e.Message}) on input {Convert.ToHexString(file)}");
                throw;
            }

            AssertLoadedExactly(i, file, tensors, metadata);
            loaded++;
        }

        // Both outcomes must be exercised, or the mutations are too gentle or too brutal to test anything.
        Assert.True(loaded > Cases / 100, $"only {loaded} of {Cases} mutated files loaded");
        Assert.True(rejected > Cases / 2, $"only {rejected} of {Cases} mutated files were rejected");
    }

    /// <summary>Checks a successful load against the header, read independently.</summary>
    private static void AssertLoadedExactly(int i, byte[] file, Dictionary<string, Tensor> tensors, IReadOnlyDictionary<string, string> metadata)
    {
        var headerLength = (int)BinaryPrimitives.ReadUInt64LittleEndian(file);
        using var document = JsonDocument.Parse(file.AsMemory(8, headerLength));
        var entries = document.RootElement.EnumerateObject().Where(p => p.Name != SafeTensors.MetadataKey).ToList();
        Assert.True(entries.Count == tensors.Count, $"case {i}: the header has {entries.Count} tensors but {tensors.Count} loaded");
        long covered = 0;
        foreach (var entry in entries)
        {
            var tensor = tensors[entry.Name];
            var dtype = entry.Value.GetProperty("dtype").GetString();
            Assert.Equal(dtype, SafeTensors.DTypeName(tensor.DType));
            Assert.Equal(entry.Value.GetProperty("shape").EnumerateArray().Select(d => d.GetInt32()).ToArray(), tensor.Shape.ToArray());
            var offsets = entry.Value.GetProperty("data_offsets");
            var begin = offsets[0].GetInt64();
            var end = offsets[1].GetInt64();
            var expected = file.AsSpan((int)(8 + headerLength + begin), (int)(end - begin));
            Assert.True(expected.SequenceEqual(RawBytes(tensor)), $"case {i}: tensor '{entry.Name}' does not hold the bytes of its data_offsets");
            covered += end - begin;
        }

        Assert.Equal(file.Length - 8 - headerLength, covered);
        var expectedMetadata = document.RootElement.TryGetProperty(SafeTensors.MetadataKey, out var meta)
            ? meta.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!)
            : [];
        Assert.Equal(expectedMetadata.OrderBy(p => p.Key, StringComparer.Ordinal), metadata.OrderBy(p => p.Key, StringComparer.Ordinal));
    }

    private static byte[] RawBytes(Tensor t) => t.DType switch
    {
        DType.Float32 => System.Runtime.InteropServices.MemoryMarshal.AsBytes(t.ToArray<float>().AsSpan()).ToArray(),
        DType.Float64 => System.Runtime.InteropServices.MemoryMarshal.AsBytes(t.ToArray<double>().AsSpan()).ToArray(),
        DType.Int64 => System.Runtime.InteropServices.MemoryMarshal.AsBytes(t.ToArray<long>().AsSpan()).ToArray(),
        _ => t.ToArray<bool>().Select(b => b ? (byte)1 : (byte)0).ToArray(),
    };

    private static byte[] Reassemble(byte[] header, byte[] seed)
    {
        var data = seed.AsSpan(8 + (int)BinaryPrimitives.ReadUInt64LittleEndian(seed));
        var file = new byte[8 + header.Length + data.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(file, (ulong)header.Length);
        header.CopyTo(file, 8);
        data.CopyTo(file.AsSpan(8 + header.Length));
        return file;
    }

    /// <summary>Valid files covering every dtype, metadata, scalars, empty tensors and several tensors per file.</summary>
    private byte[][] Seeds()
    {
        var sets = new (Dictionary<string, Tensor> Tensors, Dictionary<string, string>? Metadata)[]
        {
            (new() { ["w"] = Tensor.FromArray(new float[] { 1, 2, 3, 4, 5, 6 }, 2, 3) }, null),
            (new() { ["a"] = Tensor.FromArray(new double[] { 1.5, -2 }), ["b"] = Tensor.FromArray(new long[] { 7, 8, 9 }), ["m"] = Tensor.FromArray(new[] { true, false, true }) }, new() { ["format"] = "pt", ["epoch"] = "3" }),
            (new() { ["s"] = Tensor.Scalar(3.0), ["e"] = Tensor.Zeros(new Shape(0, 4)), ["fc1.weight"] = Tensor.Ones(2, 2) }, new() { ["k\u00e9"] = "v\ud83d\ude00" }),
            (new() { ["x"] = Tensor.FromArray(new[] { true, true }) }, null),
        };
        return sets.Select((set, i) =>
        {
            var path = _dir.File($"seed{i}.safetensors");
            SafeTensors.Save(path, set.Tensors, set.Metadata);
            return File.ReadAllBytes(path);
        }).ToArray();
    }
}
