namespace AutoDiffGen.Nn;

/// <summary>
/// One Transformer encoder layer (<c>torch.nn.TransformerEncoderLayer</c>): self-attention then a feed-forward block
/// (linear1 → activation → dropout → linear2), each with dropout, a residual connection and layer normalisation,
/// after the block (post-norm, the default) or before it (<see cref="NormFirst"/>). Submodules carry PyTorch's names
/// (<c>self_attn</c>, <c>linear1</c>, <c>linear2</c>, <c>norm1</c>, <c>norm2</c>), so state dicts match.
/// </summary>
public sealed class TransformerEncoderLayer : Module
{
    private readonly Dropout _dropout, _dropout1, _dropout2;

    /// <summary>Creates the layer with PyTorch's default initialisation.</summary>
    /// <param name="dModel">Features of the input (embed_dim).</param>
    /// <param name="nhead">Attention heads.</param>
    /// <param name="dimFeedforward">Width of the feed-forward block.</param>
    /// <param name="dropout">Dropout probability (attention weights, feed-forward, residual branches).</param>
    /// <param name="activation">ReLU or GELU.</param>
    /// <param name="layerNormEps">The layer norms' epsilon.</param>
    /// <param name="batchFirst">Input and output as [batch, seq, feature].</param>
    /// <param name="normFirst">Normalise before each block (pre-norm) instead of after.</param>
    /// <param name="bias">Whether the linear layers, attention and layer norms have biases.</param>
    /// <param name="dtype">Parameter dtype.</param>
    /// <param name="generator">Random source for the initial values and dropout.</param>
    public TransformerEncoderLayer(int dModel, int nhead, int dimFeedforward = 2048, double dropout = 0.1, TransformerActivation activation = TransformerActivation.Relu,
        double layerNormEps = 1e-5, bool batchFirst = false, bool normFirst = false, bool bias = true, DType dtype = DType.Float32, Generator? generator = null)
    {
        DModel = dModel;
        NHead = nhead;
        DimFeedforward = dimFeedforward;
        DropoutP = dropout;
        Activation = activation;
        LayerNormEps = layerNormEps;
        BatchFirst = batchFirst;
        NormFirst = normFirst;
        HasBias = bias;
        SelfAttn = RegisterModule("self_attn", new MultiheadAttention(dModel, nhead, dropout, bias, batchFirst: batchFirst, dtype: dtype, generator: generator));
        Linear1 = RegisterModule("linear1", new Linear(dModel, dimFeedforward, bias, dtype, generator));
        _dropout = RegisterModule("dropout", new Dropout(dropout, generator));
        Linear2 = RegisterModule("linear2", new Linear(dimFeedforward, dModel, bias, dtype, generator));
        Norm1 = RegisterModule("norm1", new LayerNorm(dModel, layerNormEps, bias: bias, dtype: dtype));
        Norm2 = RegisterModule("norm2", new LayerNorm(dModel, layerNormEps, bias: bias, dtype: dtype));
        _dropout1 = RegisterModule("dropout1", new Dropout(dropout, generator));
        _dropout2 = RegisterModule("dropout2", new Dropout(dropout, generator));
    }

    /// <summary>Features of the input.</summary>
    public int DModel { get; }

    /// <summary>Attention heads.</summary>
    public int NHead { get; }

    /// <summary>Width of the feed-forward block.</summary>
    public int DimFeedforward { get; }

    /// <summary>Dropout probability.</summary>
    public double DropoutP { get; }

    /// <summary>The feed-forward activation.</summary>
    public TransformerActivation Activation { get; }

    /// <summary>The layer norms' epsilon.</summary>
    public double LayerNormEps { get; }

    /// <summary>Whether input and output are [batch, seq, feature].</summary>
    public bool BatchFirst { get; }

    /// <summary>Whether the layer normalises before each block.</summary>
    public bool NormFirst { get; }

    /// <summary>Whether the layers have biases.</summary>
    public bool HasBias { get; }

    /// <summary>The self-attention.</summary>
    public MultiheadAttention SelfAttn { get; }

    /// <summary>The feed-forward block's first linear layer.</summary>
    public Linear Linear1 { get; }

    /// <summary>The feed-forward block's second linear layer.</summary>
    public Linear Linear2 { get; }

    /// <summary>The norm of the attention block.</summary>
    public LayerNorm Norm1 { get; }

    /// <summary>The norm of the feed-forward block.</summary>
    public LayerNorm Norm2 { get; }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => Call(input);

    /// <summary>
    /// Runs the layer (PyTorch's <c>layer(src, src_mask, src_key_padding_mask, is_causal)</c>); masks as in
    /// <see cref="MultiheadAttention.Call"/>. Returns a tensor shaped as <paramref name="src"/>.
    /// </summary>
    public Tensor Call(Tensor src, Tensor? srcMask = null, Tensor? srcKeyPaddingMask = null, bool isCausal = false)
    {
        var x = src;
        if (NormFirst)
        {
            x += SelfAttentionBlock(Norm1.Call(x), srcMask, srcKeyPaddingMask, isCausal);
            x += FeedForwardBlock(Norm2.Call(x));
        }
        else
        {
            x = Norm1.Call(x + SelfAttentionBlock(x, srcMask, srcKeyPaddingMask, isCausal));
            x = Norm2.Call(x + FeedForwardBlock(x));
        }

        return x;
    }

    /// <summary>A fresh layer with this one's configuration and a copy of its parameters (what PyTorch's deepcopy gives a stack).</summary>
    internal TransformerEncoderLayer Clone()
    {
        var copy = new TransformerEncoderLayer(DModel, NHead, DimFeedforward, DropoutP, Activation, LayerNormEps, BatchFirst, NormFirst, HasBias, SelfAttn.OutProj.Weight.DType);
        copy.LoadStateDict(StateDict());
        return copy;
    }

    private Tensor SelfAttentionBlock(Tensor x, Tensor? mask, Tensor? keyPaddingMask, bool isCausal)
        => _dropout1.Call(SelfAttn.Call(x, x, x, keyPaddingMask, needWeights: false, attnMask: mask, isCausal: isCausal).Output);

    private Tensor FeedForwardBlock(Tensor x)
        => _dropout2.Call(Linear2.Call(_dropout.Call(TransformerBlocks.Activate(Linear1.Call(x), Activation))));
}
