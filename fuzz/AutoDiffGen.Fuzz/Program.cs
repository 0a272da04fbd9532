using AutoDiffGen.Data;
using AutoDiffGen.Serialization;
using SharpFuzz;

namespace AutoDiffGen.Fuzz;

/// <summary>
/// Feeds afl++'s inputs to one file reader. A documented rejection (an <see cref="InvalidDataException"/> naming the
/// file) is a normal outcome; any other exception, or a load that disagrees with the file, escapes and afl records the
/// input as a crash.
/// </summary>
public static class Program
{
    private const string Name = "afl-input";

    /// <summary>Runs the reader named by the first argument (<c>safetensors</c>, <c>idx-images</c> or <c>idx-labels</c>).</summary>
    public static int Main(string[] args)
    {
        Action<byte[]>? target = args.FirstOrDefault() switch
        {
            "safetensors" => SafeTensorsTarget,
            "idx-images" => bytes => IdxFile.ParseImages(IdxFile.Decode(bytes, Name), Name),
            "idx-labels" => bytes => IdxFile.ParseLabels(IdxFile.Decode(bytes, Name), Name),
            _ => null,
        };
        if (target is null)
        {
            Console.Error.WriteLine("usage: AutoDiffGen.Fuzz safetensors|idx-images|idx-labels   (run under afl-fuzz; see docs/fuzzing.md)");
            return 2;
        }

        Fuzzer.OutOfProcess.Run(stream =>
        {
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            try
            {
                target(buffer.ToArray());
            }
            catch (InvalidDataException e) when (e.Message.Contains($"'{Name}'", StringComparison.Ordinal))
            {
                // The documented rejection.
            }
        });
        return 0;
    }

    /// <summary>Loads, then saves and reloads: a file that loads must round-trip to the same tensors.</summary>
    private static void SafeTensorsTarget(byte[] bytes)
    {
        var tensors = SafeTensors.Read(new MemoryStream(bytes, writable: false), Name, out var metadata);
        var path = Path.Combine(Path.GetTempPath(), $"adg-fuzz-{Environment.ProcessId}.safetensors");
        SafeTensors.Save(path, tensors, metadata);
        var again = SafeTensors.Load(path, out var metadataAgain);
        File.Delete(path);
        if (again.Count != tensors.Count || metadataAgain.Count != metadata.Count)
        {
            throw new InvalidOperationException("a loaded file did not round-trip: entry counts differ");
        }

        foreach (var (key, tensor) in tensors)
        {
            var other = again[key];
            if (other.DType != tensor.DType || other.Shape != tensor.Shape || !other.ToDoubleArray().AsSpan().SequenceEqual(tensor.ToDoubleArray()))
            {
                throw new InvalidOperationException($"a loaded file did not round-trip: tensor '{key}' differs");
            }
        }
    }
}
