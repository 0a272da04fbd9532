namespace AutoDiffGen.Nn;

public static partial class Functional
{
    /// <summary>
    /// Looks up rows of <paramref name="weight"/> ([num_embeddings, embedding_dim]) at the int64
    /// <paramref name="input"/> indices (<c>F.embedding</c>): the result has shape input.Shape + [embedding_dim].
    /// The row <paramref name="paddingIdx"/> gets no gradient. With <paramref name="maxNorm"/>, every row the input
    /// refers to whose <paramref name="normType"/>-norm exceeds it is first rescaled to that norm, in place, as PyTorch does.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">An index is negative or not below num_embeddings.</exception>
    public static Tensor Embedding(Tensor input, Tensor weight, int? paddingIdx = null, double? maxNorm = null, double normType = 2)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(weight);
        if (weight.Rank != 2)
        {
            throw new ArgumentException($"Embedding: expected a weight of shape [num_embeddings, embedding_dim], got {weight.Shape}.", nameof(weight));
        }

        if (input.DType != DType.Int64)
        {
            throw new ArgumentException($"Embedding: expected int64 indices, got {input.DType.ToTorchName()} of shape {input.Shape}.", nameof(input));
        }

        int rows = weight.Shape[0], dim = weight.Shape[1];
        var pad = NormalizePaddingIdx(paddingIdx, rows);
        var flat = input.ContiguousUntracked().Reshape(-1);
        var indices = flat.ToArray<long>();
        foreach (var index in indices)
        {
            if (index < 0 || index >= rows)
            {
                throw new ArgumentOutOfRangeException(nameof(input), index,
                    $"Embedding: index {index} is out of range for a table of {rows} rows (num_embeddings = {rows}; input of shape {input.Shape}).");
            }
        }

        if (maxNorm is { } limit)
        {
            Renorm(weight, indices, limit, normType);
        }

        var selected = weight.IndexSelect(0, flat);
        if (pad is { } p && weight.RequiresGrad && Autograd.IsGradEnabled)
        {
            // The padding row takes no gradient: its lookups read a detached copy of the same values.
            var isPad = flat.Eq(p).Unsqueeze(1);
            selected = Tensor.Where(isPad, selected.Detach(), selected);
        }

        var dims = new int[input.Rank + 1];
        for (var i = 0; i < input.Rank; i++)
        {
            dims[i] = input.Shape[i];
        }

        dims[^1] = dim;
        return selected.Reshape(dims);
    }

    /// <summary>
    /// One-hot encoding (<c>F.one_hot</c>): an int64 tensor of shape input.Shape + [numClasses] with a 1 at each
    /// index. <paramref name="numClasses"/> −1 (the default) takes one more than the largest index.
    /// </summary>
    public static Tensor OneHot(Tensor input, int numClasses = -1)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.DType != DType.Int64)
        {
            throw new ArgumentException($"OneHot: expected an int64 index tensor, got {input.DType.ToTorchName()} of shape {input.Shape}.", nameof(input));
        }

        var indices = input.ToArray<long>();
        if (numClasses == -1)
        {
            numClasses = indices.Length == 0 ? 0 : (int)(indices.Max() + 1);
        }
        else if (numClasses < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(numClasses), numClasses, "OneHot: num_classes must be -1 (inferred) or non-negative.");
        }

        var data = new long[checked(indices.Length * numClasses)];
        for (var i = 0; i < indices.Length; i++)
        {
            var c = indices[i];
            if (c < 0 || c >= numClasses)
            {
                throw new ArgumentOutOfRangeException(nameof(input), c, $"OneHot: class index {c} is out of range for {numClasses} classes (input of shape {input.Shape}).");
            }

            data[(i * numClasses) + c] = 1;
        }

        var dims = input.Shape.ToArray().Append(numClasses).ToArray();
        return Tensor.FromArray(data, dims);
    }

    internal static int? NormalizePaddingIdx(int? paddingIdx, int rows)
    {
        if (paddingIdx is not { } p)
        {
            return null;
        }

        if (p >= rows || p < -rows)
        {
            throw new ArgumentOutOfRangeException(nameof(paddingIdx), p, $"Embedding: padding_idx must be within num_embeddings ({rows}).");
        }

        return p < 0 ? p + rows : p;
    }

    /// <summary>PyTorch's embedding_renorm_: rows referenced by the input with norm above <paramref name="maxNorm"/> are scaled to it, in place.</summary>
    private static void Renorm(Tensor weight, long[] indices, double maxNorm, double normType)
    {
        using var _ = Autograd.NoGrad();
        var dim = weight.Shape[1];
        foreach (var row in indices.Distinct())
        {
            if (weight.DType == DType.Float32)
            {
                RenormRow(InPlace.Writable<float>(weight, "Embedding(max_norm)").Slice((int)row * dim, dim), maxNorm, normType);
            }
            else
            {
                RenormRow(InPlace.Writable<double>(weight, "Embedding(max_norm)").Slice((int)row * dim, dim), maxNorm, normType);
            }
        }
    }

    private static void RenormRow<T>(Span<T> row, double maxNorm, double normType)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        double norm = 0;
        foreach (var v in row)
        {
            var a = Math.Abs(double.CreateTruncating(v));
            norm = double.IsPositiveInfinity(normType) ? Math.Max(norm, a) : norm + Math.Pow(a, normType);
        }

        if (!double.IsPositiveInfinity(normType))
        {
            norm = Math.Pow(norm, 1 / normType);
        }

        if (norm > maxNorm)
        {
            // NOTE: PyTorch's embedding_renorm_ divides by (norm + 1e-7), so a renormed row sits just under max_norm.
            var scale = T.CreateTruncating(maxNorm / (norm + 1e-7));
            foreach (ref var v in row)
            {
                v *= scale;
            }
        }
    }
}
