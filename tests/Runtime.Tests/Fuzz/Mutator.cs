namespace AutoDiffGen.Tests.Fuzz;

/// <summary>
/// Mutates valid files the way a damaged disk, a bad download or a hostile author would: bit flips, interesting byte
/// values, JSON and number tokens, inserted, deleted and duplicated runs, truncation, splices of two seeds. Seeded, so
/// every failure reproduces from its case number.
/// </summary>
internal sealed class Mutator(int seed, IReadOnlyList<byte[]> seeds)
{
    private static readonly byte[] Interesting = [0, 1, 0x7F, 0x80, 0xFF, 0xC0, 0xED, 0xF4, (byte)'"', (byte)'\\', (byte)'{', (byte)'}', (byte)'[', (byte)']', (byte)',', (byte)':', (byte)'-', (byte)'0', (byte)'9', (byte)'e', (byte)'.', (byte)' ', (byte)'u'];

    private static readonly string[] Tokens =
    [
        "\"", "\\u0000", "\\ud800", "\\udfff", "\\ud83d\\ude00", "-1", "0", "1e3", "1.5", "2147483647", "2147483648",
        "4294967296", "9223372036854775807", "18446744073709551616", "-0", "null", "true", "[]", "{}", "\"__metadata__\"",
        "\"dtype\"", "\"shape\"", "\"data_offsets\"", "\"F32\"", "\"F64\"", "\"I64\"", "\"BOOL\"", "\"F16\"", ",", ":",
        "[0,0]", "[65536,65536]", "[0,65536,65536]", "\"0\"",
    ];

    private readonly Random _random = new(seed);

    /// <summary>The mutator's own random source, for choices its callers make between inputs.</summary>
    public Random Random => _random;

    /// <summary>The next mutated input: one to four mutations of <paramref name="input"/>, or of a random seed.</summary>
    public byte[] Next(byte[]? input = null)
    {
        var data = new List<byte>(input ?? seeds[_random.Next(seeds.Count)]);
        var count = 1 + _random.Next(4);
        for (var i = 0; i < count; i++)
        {
            Mutate(data);
        }

        return [.. data];
    }

    private void Mutate(List<byte> data)
    {
        if (data.Count == 0)
        {
            data.Add(Interesting[_random.Next(Interesting.Length)]);
            return;
        }

        var at = _random.Next(data.Count);
        switch (_random.Next(10))
        {
            case 0:
                data[at] ^= (byte)(1 << _random.Next(8));
                break;
            case 1:
                data[at] = Interesting[_random.Next(Interesting.Length)];
                break;
            case 2:
                data[at] = (byte)_random.Next(256);
                break;
            case 3:
                data.InsertRange(at, System.Text.Encoding.UTF8.GetBytes(Tokens[_random.Next(Tokens.Length)]));
                break;
            case 4:
                data.RemoveRange(at, Math.Min(data.Count - at, 1 + _random.Next(8)));
                break;
            case 5:
                data.RemoveRange(at, data.Count - at);
                break;
            case 6:
                {
                    // Duplicate a run (a repeated key, a repeated block of data).
                    var length = Math.Min(data.Count - at, 1 + _random.Next(48));
                    var run = data.GetRange(at, length);
                    data.InsertRange(_random.Next(data.Count + 1), run);
                    break;
                }

            case 7:
                {
                    // A little-endian or big-endian 32-bit field set to a boundary value (header lengths, IDX sizes).
                    var values = new[] { 0u, 1u, 0x7FFFFFFFu, 0x80000000u, 0xFFFFFFFFu, 0x10000u, (uint)data.Count, (uint)data.Count + 1 };
                    var value = values[_random.Next(values.Length)];
                    for (var b = 0; b < 4 && at + b < data.Count; b++)
                    {
                        data[at + b] = (byte)(_random.Next(2) == 0 ? value >> (8 * b) : value >> (8 * (3 - b)));
                    }

                    break;
                }

            case 8:
                {
                    // Replace a run of ASCII digits (a number in the JSON) with a token.
                    var start = data.FindIndex(at, c => c is >= (byte)'0' and <= (byte)'9');
                    if (start >= 0)
                    {
                        var end = start;
                        while (end < data.Count && data[end] is >= (byte)'0' and <= (byte)'9')
                        {
                            end++;
                        }

                        data.RemoveRange(start, end - start);
                        data.InsertRange(start, System.Text.Encoding.UTF8.GetBytes(Tokens[_random.Next(Tokens.Length)]));
                    }

                    break;
                }

            default:
                {
                    // Splice: the head of this input onto the tail of another seed.
                    var other = seeds[_random.Next(seeds.Count)];
                    var cut = _random.Next(other.Length + 1);
                    data.RemoveRange(at, data.Count - at);
                    data.AddRange(other.AsSpan(cut).ToArray());
                    break;
                }
        }
    }
}
