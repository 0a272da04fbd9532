namespace AutoDiffGen.Nn;

/// <summary>
/// A stack of <see cref="TransformerEncoderLayer"/>s (<c>torch.nn.TransformerEncoder</c>), named <c>layers.0</c>,
/// <c>layers.1</c>…, each starting as a copy of the given layer, with an optional final <c>norm</c>.
/// </summary>
public sealed class TransformerEncoder : Module
{
    private readonly TransformerEncoderLayer[] _layers;

    /// <summary>Stacks <paramref name="numLayers"/> copies of <paramref name="encoderLayer"/> (same initial weights, as PyTorch's deepcopy).</summary>
    public TransformerEncoder(TransformerEncoderLayer encoderLayer, int numLayers, LayerNorm? norm = null)
    {
        ArgumentNullException.ThrowIfNull(encoderLayer);
        ArgumentOutOfRangeException.ThrowIfNegative(numLayers);
        _layers = Enumerable.Range(0, numLayers).Select(_ => encoderLayer.Clone()).ToArray();
        RegisterModule("layers", new ModuleList(_layers));
        Norm = norm is null ? null : RegisterModule("norm", norm);
    }

    /// <summary>The layers, in order.</summary>
    public IReadOnlyList<TransformerEncoderLayer> Layers => _layers;

    /// <summary>The final norm, or null.</summary>
    public LayerNorm? Norm { get; }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => Call(input);

    /// <summary>Runs every layer with the same masks (PyTorch's <c>encoder(src, mask, src_key_padding_mask, is_causal)</c>), then the norm.</summary>
    public Tensor Call(Tensor src, Tensor? mask = null, Tensor? srcKeyPaddingMask = null, bool isCausal = false)
    {
        var x = src;
        foreach (var layer in _layers)
        {
            x = layer.Call(x, mask, srcKeyPaddingMask, isCausal);
        }

        return Norm is null ? x : Norm.Call(x);
    }
}
