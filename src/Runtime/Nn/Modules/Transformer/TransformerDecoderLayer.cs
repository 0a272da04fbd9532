namespace AutoDiffGen.Nn;

/// <summary>
/// One Transformer decoder layer (<c>torch.nn.TransformerDecoderLayer</c>): self-attention over the target,
/// cross-attention to the encoder's output (the memory), then a feed-forward block; each with dropout, a residual
/// connection and layer normalisation, post-norm by default or pre-norm with <see cref="NormFirst"/>. Submodules carry
/// PyTorch's names (<c>self_attn</c>, <c>multihead_attn</c>, <c>linear1</c>, <c>linear2</c>, <c>norm1..3</c>).
/// </summary>
public sealed class TransformerDecoderLayer : Module
{
    private readonly Dropout _dropout, _dropout1, _dropout2, _dropout3;

    /// <summary>Creates the layer with PyTorch's default initialisation; parameters as <see cref="TransformerEncoderLayer"/>'s.</summary>
    /// <param name="dModel">Features of the input (embed_dim).</param>
    /// <param name="nhead">Attention heads.</param>
    /// <param name="dimFeedforward">Width of the feed-forward block.</param>
    /// <param name="dropout">Dropout probability.</param>
    /// <param name="activation">ReLU or GELU.</param>
    /// <param name="layerNormEps">The layer norms' epsilon.</param>
    /// <param name="batchFirst">Inputs and output as [batch, seq, feature].</param>
    /// <param name="normFirst">Normalise before each block (pre-norm) instead of after.</param>
    /// <param name="bias">Whether the linear layers, attention and layer norms have biases.</param>
    /// <param name="dtype">Parameter dtype.</param>
    /// <param name="generator">Random source for the initial values and dropout.</param>
    public TransformerDecoderLayer(int dModel, int nhead, int dimFeedforward = 2048, double dropout = 0.1, TransformerActivation activation = TransformerActivation.Relu,
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
        MultiheadAttn = RegisterModule("multihead_attn", new MultiheadAttention(dModel, nhead, dropout, bias, batchFirst: batchFirst, dtype: dtype, generator: generator));
        Linear1 = RegisterModule("linear1", new Linear(dModel, dimFeedforward, bias, dtype, generator));
        _dropout = RegisterModule("dropout", new Dropout(dropout, generator));
        Linear2 = RegisterModule("linear2", new Linear(dimFeedforward, dModel, bias, dtype, generator));
        Norm1 = RegisterModule("norm1", new LayerNorm(dModel, layerNormEps, bias: bias, dtype: dtype));
        Norm2 = RegisterModule("norm2", new LayerNorm(dModel, layerNormEps, bias: bias, dtype: dtype));
        Norm3 = RegisterModule("norm3", new LayerNorm(dModel, layerNormEps, bias: bias, dtype: dtype));
        _dropout1 = RegisterModule("dropout1", new Dropout(dropout, generator));
        _dropout2 = RegisterModule("dropout2", new Dropout(dropout, generator));
        _dropout3 = RegisterModule("dropout3", new Dropout(dropout, generator));
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

    /// <summary>Whether inputs and output are [batch, seq, feature].</summary>
    public bool BatchFirst { get; }

    /// <summary>Whether the layer normalises before each block.</summary>
    public bool NormFirst { get; }

    /// <summary>Whether the layers have biases.</summary>
    public bool HasBias { get; }

    /// <summary>The self-attention over the target.</summary>
    public MultiheadAttention SelfAttn { get; }

    /// <summary>The cross-attention to the memory.</summary>
    public MultiheadAttention MultiheadAttn { get; }

    /// <summary>The feed-forward block's first linear layer.</summary>
    public Linear Linear1 { get; }

    /// <summary>The feed-forward block's second linear layer.</summary>
    public Linear Linear2 { get; }

    /// <summary>The norm of the self-attention block.</summary>
    public LayerNorm Norm1 { get; }

    /// <summary>The norm of the cross-attention block.</summary>
    public LayerNorm Norm2 { get; }

    /// <summary>The norm of the feed-forward block.</summary>
    public LayerNorm Norm3 { get; }

    /// <summary>The layer with its own input as the memory (what flows through a <see cref="Sequential"/>).</summary>
    public override Tensor Forward(Tensor input) => Call(input, input);

    /// <summary>
    /// Runs the layer (PyTorch's <c>layer(tgt, memory, tgt_mask, memory_mask, tgt_key_padding_mask,
    /// memory_key_padding_mask, tgt_is_causal, memory_is_causal)</c>); masks as in <see cref="MultiheadAttention.Call"/>.
    /// </summary>
    public Tensor Call(Tensor tgt, Tensor memory, Tensor? tgtMask = null, Tensor? memoryMask = null, Tensor? tgtKeyPaddingMask = null,
        Tensor? memoryKeyPaddingMask = null, bool tgtIsCausal = false, bool memoryIsCausal = false)
    {
        ArgumentNullException.ThrowIfNull(memory);
        var x = tgt;
        if (NormFirst)
        {
            x += SelfAttentionBlock(Norm1.Call(x), tgtMask, tgtKeyPaddingMask, tgtIsCausal);
            x += CrossAttentionBlock(Norm2.Call(x), memory, memoryMask, memoryKeyPaddingMask, memoryIsCausal);
            x += FeedForwardBlock(Norm3.Call(x));
        }
        else
        {
            x = Norm1.Call(x + SelfAttentionBlock(x, tgtMask, tgtKeyPaddingMask, tgtIsCausal));
            x = Norm2.Call(x + CrossAttentionBlock(x, memory, memoryMask, memoryKeyPaddingMask, memoryIsCausal));
            x = Norm3.Call(x + FeedForwardBlock(x));
        }

        return x;
    }

    /// <summary>A fresh layer with this one's configuration and a copy of its parameters.</summary>
    internal TransformerDecoderLayer Clone()
    {
        var copy = new TransformerDecoderLayer(DModel, NHead, DimFeedforward, DropoutP, Activation, LayerNormEps, BatchFirst, NormFirst, HasBias, SelfAttn.OutProj.Weight.DType);
        copy.LoadStateDict(StateDict());
        return copy;
    }

    private Tensor SelfAttentionBlock(Tensor x, Tensor? mask, Tensor? keyPaddingMask, bool isCausal)
        => _dropout1.Call(SelfAttn.Call(x, x, x, keyPaddingMask, needWeights: false, attnMask: mask, isCausal: isCausal).Output);

    private Tensor CrossAttentionBlock(Tensor x, Tensor memory, Tensor? mask, Tensor? keyPaddingMask, bool isCausal)
        => _dropout2.Call(MultiheadAttn.Call(x, memory, memory, keyPaddingMask, needWeights: false, attnMask: mask, isCausal: isCausal).Output);

    private Tensor FeedForwardBlock(Tensor x)
        => _dropout3.Call(Linear2.Call(_dropout.Call(TransformerBlocks.Activate(Linear1.Call(x), Activation))));
}
