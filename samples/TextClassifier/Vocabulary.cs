namespace TextClassifier;

/// <summary>
/// A word-level tokenizer: lower-cased runs of letters and digits (2 to 20 characters); the vocabulary keeps the most
/// frequent training words. Id 0 is padding, 1 an unknown word.
/// </summary>
internal sealed class Vocabulary
{
    public const long Padding = 0, Unknown = 1;
    private readonly Dictionary<string, long> _ids;

    public Vocabulary(IEnumerable<string> texts, int size)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var text in texts)
        {
            foreach (var word in Tokenize(text))
            {
                counts[word] = counts.GetValueOrDefault(word) + 1;
            }
        }

        _ids = counts.Where(c => c.Value >= 2).OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal).Take(size - 2)
            .Select((c, i) => (c.Key, Id: i + 2L)).ToDictionary(p => p.Key, p => p.Id, StringComparer.Ordinal);
    }

    public int Count => _ids.Count + 2;

    /// <summary>The first <paramref name="length"/> token ids of <paramref name="text"/>, padded with 0.</summary>
    public long[] Encode(string text, int length)
    {
        var ids = new long[length];
        var i = 0;
        foreach (var word in Tokenize(text))
        {
            if (i == length)
            {
                break;
            }

            ids[i++] = _ids.GetValueOrDefault(word, Unknown);
        }

        // An empty message still gets one (unknown) token: attention over nothing but padding has no softmax.
        if (i == 0 && length > 0)
        {
            ids[0] = Unknown;
        }

        return ids;
    }

    public static IEnumerable<string> Tokenize(string text)
    {
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var inWord = i < text.Length && char.IsLetterOrDigit(text[i]);
            if (inWord && start < 0)
            {
                start = i;
            }
            else if (!inWord && start >= 0)
            {
                var length = i - start;
                if (length is >= 2 and <= 20)
                {
                    yield return text.Substring(start, length).ToLowerInvariant();
                }

                start = -1;
            }
        }
    }
}
