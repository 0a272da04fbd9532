namespace AutoDiffGen.Nn;

/// <summary>
/// A lookup table of <see cref="NumEmbeddings"/> vectors of size <see cref="EmbeddingDim"/> (<c>torch.nn.Embedding</c>):
/// int64 indices of any shape in, their rows out, shape input.Shape + [embedding_dim]. The weight starts N(0, 1), with
/// the <see cref="PaddingIdx"/> row zeroed; that row never receives a gradient.
/// </summary>
public sealed class Embedding : Module
{
    /// <summary>Creates the table with freshly initialised weights.</summary>
    /// <param name="numEmbeddings">Number of rows (the vocabulary size).</param>
    /// <param name="embeddingDim">Size of each row.</param>
    /// <param name="paddingIdx">A row that stays zero-initialised and gets no gradient (negative counts from the end).</param>
    /// <param name="maxNorm">If set, rows looked up with a larger norm are rescaled to it in place (PyTorch's max_norm).</param>
    /// <param name="normType">The p of the p-norm for <paramref name="maxNorm"/>.</param>
    /// <param name="dtype">Weight dtype (float32 or float64).</param>
    /// <param name="generator">Random source for the initial values.</param>
    public Embedding(int numEmbeddings, int embeddingDim, int? paddingIdx = null, double? maxNorm = null, double normType = 2,
        DType dtype = DType.Float32, Generator? generator = null)
        : this(Tensor.Zeros(new Shape(numEmbeddings, embeddingDim), dtype), paddingIdx, maxNorm, normType)
    {
        ResetParameters(generator);
    }

    private Embedding(Tensor weight, int? paddingIdx, double? maxNorm, double normType)
    {
        if (weight.Rank != 2)
        {
            throw new ArgumentException($"Embedding: expected a weight of shape [num_embeddings, embedding_dim], got {weight.Shape}.", nameof(weight));
        }

        NumEmbeddings = weight.Shape[0];
        EmbeddingDim = weight.Shape[1];
        PaddingIdx = Functional.NormalizePaddingIdx(paddingIdx, NumEmbeddings);
        MaxNorm = maxNorm;
        NormType = normType;
        Weight = RegisterParameter("weight", weight)!;
    }

    /// <summary>
    /// An embedding whose weight is a copy of <paramref name="embeddings"/> ([num_embeddings, embedding_dim])
    /// (<c>Embedding.from_pretrained</c>); with <paramref name="freeze"/> (the default) it is not trained.
    /// </summary>
    public static Embedding FromPretrained(Tensor embeddings, bool freeze = true, int? paddingIdx = null, double? maxNorm = null, double normType = 2)
    {
        ArgumentNullException.ThrowIfNull(embeddings);
        if (!embeddings.DType.IsFloatingPoint())
        {
            throw new ArgumentException($"Embedding.FromPretrained: expected a float32 or float64 table, got {embeddings.DType.ToTorchName()} of shape {embeddings.Shape}.", nameof(embeddings));
        }

        var copy = Tensor.Empty(embeddings.Shape, embeddings.DType);
        InPlace.Copy(copy, embeddings, "Embedding.FromPretrained");
        var module = new Embedding(copy, paddingIdx, maxNorm, normType);
        module.Weight.RequiresGrad = !freeze;
        return module;
    }

    /// <summary>Number of rows.</summary>
    public int NumEmbeddings { get; }

    /// <summary>Size of each row.</summary>
    public int EmbeddingDim { get; }

    /// <summary>The row that receives no gradient, or null.</summary>
    public int? PaddingIdx { get; }

    /// <summary>The norm looked-up rows are clipped to, or null.</summary>
    public double? MaxNorm { get; }

    /// <summary>The p of the p-norm used with <see cref="MaxNorm"/>.</summary>
    public double NormType { get; }

    /// <summary>The table, shape [num_embeddings, embedding_dim].</summary>
    public Tensor Weight { get; }

    /// <summary>Re-draws the weight from N(0, 1) and zeroes the padding row.</summary>
    public void ResetParameters(Generator? generator = null)
    {
        Init.Normal_(Weight, 0, 1, generator);
        if (PaddingIdx is { } p)
        {
            using var _ = Autograd.NoGrad();
            InPlace.Copy(Weight.Select(0, p), Tensor.Zeros(new Shape(EmbeddingDim), Weight.DType), "Embedding.ResetParameters");
        }
    }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => Functional.Embedding(input, Weight, PaddingIdx, MaxNorm, NormType);

    /// <inheritdoc/>
    protected override string ExtraRepresentation()
        => $"{NumEmbeddings}, {EmbeddingDim}" + (PaddingIdx is { } p ? $", padding_idx={p}" : string.Empty) + (MaxNorm is { } m ? $", max_norm={m}" : string.Empty);
}
