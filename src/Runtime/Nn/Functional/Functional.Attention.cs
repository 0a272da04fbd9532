namespace AutoDiffGen.Nn;

public static partial class Functional
{
    /// <summary>
    /// softmax(Q·Kᵀ·scale + mask)·V (<c>F.scaled_dot_product_attention</c>) for query [..., L, E], key [..., S, E] and
    /// value [..., S, Ev]; the result is [..., L, Ev]. <paramref name="attnMask"/> broadcasts to [..., L, S]: a bool mask
    /// says which positions may be attended to (true: take part), a float mask is added to the scores.
    /// <paramref name="isCausal"/> lets query i see keys 0..i only (top-left aligned, as PyTorch) and excludes a mask.
    /// <paramref name="scale"/> defaults to 1/√E; <paramref name="dropoutP"/> drops attention weights (always, as in PyTorch:
    /// pass 0 in evaluation).
    /// </summary>
    /// <remarks>
    /// A row whose keys are all masked out has no defined softmax and gives NaN, as the plain formula does.
    /// </remarks>
    public static Tensor ScaledDotProductAttention(Tensor query, Tensor key, Tensor value, Tensor? attnMask = null, double dropoutP = 0,
        bool isCausal = false, double? scale = null, Generator? generator = null)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        const string op = "ScaledDotProductAttention";
        if (query.Rank < 2 || key.Rank < 2 || value.Rank < 2)
        {
            throw new ArgumentException($"{op}: query, key and value need at least 2 dimensions ([..., L, E], [..., S, E], [..., S, Ev]), got {query.Shape}, {key.Shape} and {value.Shape}.");
        }

        if (query.Shape[-1] != key.Shape[-1] || key.Shape[-2] != value.Shape[-2])
        {
            throw new ArgumentException(
                $"{op}: expected query [..., L, E], key [..., S, E] and value [..., S, Ev] with matching E and S, got {query.Shape}, {key.Shape} and {value.Shape}.");
        }

        if (isCausal && attnMask is not null)
        {
            throw new ArgumentException($"{op}: pass either attn_mask or is_causal, not both.", nameof(attnMask));
        }

        int queries = query.Shape[-2], keys = key.Shape[-2];
        var scores = Tensor.MatMul(query, key.MT) * (scale ?? (1 / Math.Sqrt(query.Shape[-1])));
        var mask = isCausal ? CausalBoolMask(queries, keys) : attnMask;
        if (mask is not null)
        {
            CheckBroadcastsTo(op, "attn_mask", mask, scores.Shape);
            scores = mask.DType == DType.Bool ? Tensor.Where(mask, scores, double.NegativeInfinity) : scores + mask;
        }

        var weights = Softmax(scores, -1);
        if (dropoutP > 0)
        {
            weights = Dropout(weights, dropoutP, training: true, generator);
        }

        return Tensor.MatMul(weights, value);
    }

    /// <summary>
    /// A [size, size] float mask with −∞ above the diagonal and 0 elsewhere (PyTorch's
    /// <c>Transformer.generate_square_subsequent_mask</c>): added to attention scores, position i sees positions 0..i only.
    /// </summary>
    public static Tensor GenerateSquareSubsequentMask(int size, DType dtype = DType.Float32)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        var values = new double[size * size];
        for (var i = 0; i < size; i++)
        {
            for (var j = i + 1; j < size; j++)
            {
                values[(i * size) + j] = double.NegativeInfinity;
            }
        }

        return Tensor.FromArray(values, size, size).To(dtype);
    }

    /// <summary>[L, S] bool, true where key j ≤ query i (top-left aligned).</summary>
    internal static Tensor CausalBoolMask(int queries, int keys)
    {
        var allowed = new bool[queries * keys];
        for (var i = 0; i < queries; i++)
        {
            for (var j = 0; j <= i && j < keys; j++)
            {
                allowed[(i * keys) + j] = true;
            }
        }

        return Tensor.FromArray(allowed, queries, keys);
    }

    /// <summary>Throws unless <paramref name="mask"/> broadcasts to <paramref name="target"/> (naming the op, the mask and both shapes).</summary>
    internal static void CheckBroadcastsTo(string op, string what, Tensor mask, Shape target)
    {
        var ok = mask.Rank <= target.Rank;
        for (var i = 1; ok && i <= mask.Rank; i++)
        {
            var m = mask.Shape[mask.Rank - i];
            ok = m == 1 || m == target[target.Rank - i];
        }

        if (!ok)
        {
            throw new ArgumentException($"{op}: {what} of shape {mask.Shape} does not broadcast to the attention scores' shape {target}.", what);
        }

        if (mask.DType != DType.Bool && !mask.DType.IsFloatingPoint())
        {
            throw new ArgumentException($"{op}: {what} must be bool or floating point, got {mask.DType.ToTorchName()}.", what);
        }
    }
}
