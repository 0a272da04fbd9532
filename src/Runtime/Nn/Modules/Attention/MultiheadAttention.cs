namespace AutoDiffGen.Nn;

/// <summary>
/// Multi-head attention (<c>torch.nn.MultiheadAttention</c>): the query, key and value are projected, split into
/// <see cref="NumHeads"/> heads of embed_dim / num_heads features, attended per head
/// (softmax(q·kᵀ/√head_dim + mask)·v), joined and projected by <c>out_proj</c>. Parameters carry PyTorch's names:
/// <c>in_proj_weight</c> [3·embed_dim, embed_dim] (or <c>q_proj_weight</c>, <c>k_proj_weight</c>, <c>v_proj_weight</c>
/// when kdim or vdim differ from embed_dim), <c>in_proj_bias</c>, <c>out_proj.weight</c>, <c>out_proj.bias</c>.
/// </summary>
/// <example><code>
/// var attention = new MultiheadAttention(64, 8, batchFirst: true);
/// var (output, weights) = attention.Call(x, x, x, keyPaddingMask: padding);   // weights averaged over heads
/// </code></example>
public sealed class MultiheadAttention : Module
{
    private readonly Tensor? _inProjWeight, _qProjWeight, _kProjWeight, _vProjWeight, _inProjBias;

    /// <summary>Creates the layer with PyTorch's initialisation (Xavier-uniform projections, zero biases).</summary>
    /// <param name="embedDim">Total features of the model; split across heads.</param>
    /// <param name="numHeads">Number of heads; must divide <paramref name="embedDim"/>.</param>
    /// <param name="dropout">Dropout on the attention weights, in training mode.</param>
    /// <param name="bias">Whether the input and output projections have biases.</param>
    /// <param name="kdim">Features of the key (embed_dim when null).</param>
    /// <param name="vdim">Features of the value (embed_dim when null).</param>
    /// <param name="batchFirst">Inputs and output as [batch, seq, feature] rather than [seq, batch, feature].</param>
    /// <param name="dtype">Parameter dtype.</param>
    /// <param name="generator">Random source for the initial values and the dropout.</param>
    public MultiheadAttention(int embedDim, int numHeads, double dropout = 0, bool bias = true, int? kdim = null, int? vdim = null,
        bool batchFirst = false, DType dtype = DType.Float32, Generator? generator = null)
    {
        if (embedDim <= 0 || numHeads <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(embedDim), $"MultiheadAttention: embed_dim ({embedDim}) and num_heads ({numHeads}) must be positive.");
        }

        if (embedDim % numHeads != 0)
        {
            throw new ArgumentException($"MultiheadAttention: embed_dim ({embedDim}) must be divisible by num_heads ({numHeads}).", nameof(numHeads));
        }

        if (dropout is < 0 or > 1 || double.IsNaN(dropout))
        {
            throw new ArgumentOutOfRangeException(nameof(dropout), dropout, "MultiheadAttention: dropout must be a probability between 0 and 1.");
        }

        EmbedDim = embedDim;
        NumHeads = numHeads;
        HeadDim = embedDim / numHeads;
        KDim = kdim ?? embedDim;
        VDim = vdim ?? embedDim;
        DropoutP = dropout;
        BatchFirst = batchFirst;
        Generator = generator;
        if (KDim == embedDim && VDim == embedDim)
        {
            _inProjWeight = RegisterParameter("in_proj_weight", Tensor.Zeros(new Shape(3 * embedDim, embedDim), dtype));
        }
        else
        {
            _qProjWeight = RegisterParameter("q_proj_weight", Tensor.Zeros(new Shape(embedDim, embedDim), dtype));
            _kProjWeight = RegisterParameter("k_proj_weight", Tensor.Zeros(new Shape(embedDim, KDim), dtype));
            _vProjWeight = RegisterParameter("v_proj_weight", Tensor.Zeros(new Shape(embedDim, VDim), dtype));
        }

        _inProjBias = RegisterParameter("in_proj_bias", bias ? Tensor.Zeros(new Shape(3 * embedDim), dtype) : null);
        OutProj = RegisterModule("out_proj", new Linear(embedDim, embedDim, bias, dtype, generator));
        if (_inProjWeight is not null)
        {
            Init.XavierUniform_(_inProjWeight, generator: generator);
        }
        else
        {
            Init.XavierUniform_(_qProjWeight!, generator: generator);
            Init.XavierUniform_(_kProjWeight!, generator: generator);
            Init.XavierUniform_(_vProjWeight!, generator: generator);
        }

        if (_inProjBias is not null)
        {
            Init.Zeros_(_inProjBias);
            Init.Zeros_(OutProj.Bias!);
        }
    }

    /// <summary>Total features of the model.</summary>
    public int EmbedDim { get; }

    /// <summary>Number of heads.</summary>
    public int NumHeads { get; }

    /// <summary>Features per head (embed_dim / num_heads).</summary>
    public int HeadDim { get; }

    /// <summary>Features of the key.</summary>
    public int KDim { get; }

    /// <summary>Features of the value.</summary>
    public int VDim { get; }

    /// <summary>Dropout probability on the attention weights.</summary>
    public double DropoutP { get; }

    /// <summary>Whether inputs and output are [batch, seq, feature].</summary>
    public bool BatchFirst { get; }

    /// <summary>The output projection.</summary>
    public Linear OutProj { get; }

    /// <summary>The random source of the attention dropout (the default generator when null).</summary>
    public Generator? Generator { get; set; }

    /// <summary>Self-attention of <paramref name="input"/> (what flows through a <see cref="Sequential"/>), without weights.</summary>
    public override Tensor Forward(Tensor input) => Call(input, input, input, needWeights: false).Output;

    /// <summary>
    /// Attends (PyTorch's <c>mha(query, key, value, key_padding_mask, need_weights, attn_mask, average_attn_weights, is_causal)</c>).
    /// Inputs are [L, batch, embed_dim], [S, batch, kdim], [S, batch, vdim] ([batch, seq, feature] when batch-first) or
    /// unbatched [L, embed_dim]. <paramref name="keyPaddingMask"/> [batch, S]: true (or −∞ when float) marks keys to
    /// ignore. <paramref name="attnMask"/> [L, S] or [batch·num_heads, L, S]: true marks pairs NOT allowed to attend (the
    /// opposite of <see cref="Functional.ScaledDotProductAttention"/>'s bool mask, as in PyTorch); a float mask is added.
    /// <paramref name="isCausal"/> without a mask applies the causal mask. Returns the output, shaped as the query, and,
    /// with <paramref name="needWeights"/>, the attention weights [batch, L, S] averaged over heads (or
    /// [batch, num_heads, L, S]).
    /// </summary>
    public (Tensor Output, Tensor? Weights) Call(Tensor query, Tensor key, Tensor value, Tensor? keyPaddingMask = null, bool needWeights = true,
        Tensor? attnMask = null, bool averageAttnWeights = true, bool isCausal = false)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        const string op = nameof(MultiheadAttention);
        var batched = query.Rank == 3;
        if (query.Rank is not (2 or 3) || key.Rank != query.Rank || value.Rank != query.Rank)
        {
            throw new ArgumentException(
                $"{op}: expected query, key and value all 3-D ({(BatchFirst ? "[batch, seq, feature]" : "[seq, batch, feature]")}) or all 2-D (unbatched), got {query.Shape}, {key.Shape} and {value.Shape}.");
        }

        // Work batch-first: [batch, seq, feature].
        Tensor BatchFirstView(Tensor t) => !batched ? t.Unsqueeze(0) : BatchFirst ? t : t.Transpose(0, 1);
        var (q, k, v) = (BatchFirstView(query), BatchFirstView(key), BatchFirstView(value));
        int batch = q.Shape[0], targets = q.Shape[1], sources = k.Shape[1];
        if (q.Shape[2] != EmbedDim || k.Shape[2] != KDim || v.Shape[2] != VDim)
        {
            throw new ArgumentException(
                $"{op}: expected query, key and value with {EmbedDim}, {KDim} and {VDim} features (embed_dim, kdim, vdim), got {query.Shape}, {key.Shape} and {value.Shape}.");
        }

        if (k.Shape[0] != batch || v.Shape[0] != batch || v.Shape[1] != sources)
        {
            throw new ArgumentException($"{op}: query, key and value must share the batch size, and key and value the sequence length; got {query.Shape}, {key.Shape} and {value.Shape}.");
        }

        var mask = CombinedMask(keyPaddingMask, attnMask, isCausal, batched, batch, targets, sources, q.DType);
        var (bq, bk, bv) = _inProjBias is null ? (null, null, null) : (_inProjBias.Narrow(0, 0, EmbedDim), _inProjBias.Narrow(0, EmbedDim, EmbedDim), _inProjBias.Narrow(0, 2 * EmbedDim, EmbedDim));
        var (wq, wk, wv) = _inProjWeight is not null
            ? (_inProjWeight.Narrow(0, 0, EmbedDim), _inProjWeight.Narrow(0, EmbedDim, EmbedDim), _inProjWeight.Narrow(0, 2 * EmbedDim, EmbedDim))
            : (_qProjWeight!, _kProjWeight!, _vProjWeight!);

        // [batch, seq, embed] → [batch, heads, seq, head_dim]
        Tensor Heads(Tensor t, int length) => t.Reshape(batch, length, NumHeads, HeadDim).Permute(0, 2, 1, 3);
        var qh = Heads(Functional.Linear(q, wq, bq), targets);
        var kh = Heads(Functional.Linear(k, wk, bk), sources);
        var vh = Heads(Functional.Linear(v, wv, bv), sources);

        var scores = Tensor.MatMul(qh * (1 / Math.Sqrt(HeadDim)), kh.MT);
        if (mask is not null)
        {
            scores += mask;
        }

        var weights = Functional.Softmax(scores, -1);
        if (DropoutP > 0 && IsTraining)
        {
            weights = Functional.Dropout(weights, DropoutP, training: true, Generator);
        }

        var attended = Tensor.MatMul(weights, vh).Permute(0, 2, 1, 3).Reshape(batch, targets, EmbedDim);
        var output = OutProj.Call(attended);
        output = !batched ? output.Squeeze(0) : BatchFirst ? output : output.Transpose(0, 1);
        Tensor? returned = null;
        if (needWeights)
        {
            returned = averageAttnWeights ? weights.Mean(1) : weights;
            returned = batched ? returned : returned.Squeeze(0);
        }

        return (output, returned);
    }

    /// <summary>The key-padding and attention masks as one additive float mask broadcasting to [batch, heads, L, S], or null.</summary>
    private Tensor? CombinedMask(Tensor? keyPaddingMask, Tensor? attnMask, bool isCausal, bool batched, int batch, int targets, int sources, DType dtype)
    {
        const string op = nameof(MultiheadAttention);
        Tensor? mask = null;
        if (attnMask is not null)
        {
            Shape expected2 = new(targets, sources), expected3 = new(batch * NumHeads, targets, sources);
            if (attnMask.Shape == expected2)
            {
                mask = Additive(attnMask, dtype, "attn_mask");
            }
            else if (attnMask.Rank == 3 && attnMask.Shape == expected3)
            {
                mask = Additive(attnMask, dtype, "attn_mask").Reshape(batch, NumHeads, targets, sources);
            }
            else
            {
                throw new ArgumentException(
                    $"{op}: attn_mask of shape {attnMask.Shape} does not fit: expected {expected2} ([L, S]) or {expected3} ([batch * num_heads, L, S]).", nameof(attnMask));
            }
        }
        else if (isCausal)
        {
            mask = Functional.GenerateSquareSubsequentMask(Math.Max(targets, sources), dtype).Narrow(0, 0, targets).Narrow(1, 0, sources);
        }

        if (keyPaddingMask is not null)
        {
            var expected = batched ? new Shape(batch, sources) : new Shape(sources);
            if (keyPaddingMask.Shape != expected)
            {
                throw new ArgumentException($"{op}: expected key_padding_mask of shape {expected} ([{(batched ? "batch, " : string.Empty)}S]), got {keyPaddingMask.Shape}.", nameof(keyPaddingMask));
            }

            var padding = Additive(keyPaddingMask, dtype, "key_padding_mask").Reshape(batch, 1, 1, sources);
            mask = mask is null ? padding : mask + padding;
        }

        return mask;
    }

    /// <summary>A bool mask (true: masked out) as 0/−∞; a float mask as it is.</summary>
    private static Tensor Additive(Tensor mask, DType dtype, string what)
    {
        if (mask.DType == DType.Bool)
        {
            return Tensor.Where(mask, Tensor.Scalar(double.NegativeInfinity, dtype), Tensor.Scalar(0.0, dtype));
        }

        if (!mask.DType.IsFloatingPoint())
        {
            throw new ArgumentException($"{nameof(MultiheadAttention)}: {what} must be bool or floating point, got {mask.DType.ToTorchName()}.", what);
        }

        return mask.DType == dtype ? mask : mask.To(dtype);
    }

    /// <inheritdoc/>
    protected override string ExtraRepresentation() => $"embed_dim={EmbedDim}, num_heads={NumHeads}" + (BatchFirst ? ", batch_first=True" : string.Empty);
}
