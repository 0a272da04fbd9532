namespace AutoDiffGen;

/// <summary>
/// Recycles tensor storage arrays by exact element type and length: a training loop asks for the same few sizes every
/// step, so exact buckets hit every time and no array is ever larger than its tensor.
/// </summary>
internal static class TensorPool
{
    /// <summary>Arrays kept per bucket; beyond this, returned arrays are left to the GC.</summary>
    private const int MaxPerBucket = 32;

    /// <summary>Arrays shorter than this are cheap to allocate and not worth pooling.</summary>
    private const int MinPooledLength = 64;

    private static readonly Dictionary<(DType, int), Stack<Array>> Buckets = [];

    /// <summary>An array of <paramref name="length"/> elements with unspecified contents.</summary>
    public static Array Rent(DType dtype, int length)
    {
        if (length >= MinPooledLength)
        {
            lock (Buckets)
            {
                if (Buckets.TryGetValue((dtype, length), out var stack) && stack.Count > 0)
                {
                    return stack.Pop();
                }
            }
        }

        return Tensor.Allocate(dtype, length);
    }

    /// <summary>Hands an array back; the caller guarantees no live tensor reads it any more.</summary>
    public static void Return(Array array)
    {
        if (array.Length < MinPooledLength)
        {
            return;
        }

        var key = (DTypeOf(array), array.Length);
        lock (Buckets)
        {
            if (!Buckets.TryGetValue(key, out var stack))
            {
                Buckets[key] = stack = new Stack<Array>();
            }

            if (stack.Count < MaxPerBucket)
            {
                stack.Push(array);
            }
        }
    }

    /// <summary>Drops every pooled array (for tests and memory-pressure callbacks).</summary>
    public static void Clear()
    {
        lock (Buckets)
        {
            Buckets.Clear();
        }
    }

    private static DType DTypeOf(Array array) => array switch
    {
        float[] => DType.Float32,
        double[] => DType.Float64,
        long[] => DType.Int64,
        _ => DType.Bool,
    };
}
