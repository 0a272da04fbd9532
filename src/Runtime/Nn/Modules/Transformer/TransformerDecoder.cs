namespace AutoDiffGen.Nn;

/// <summary>
/// A stack of <see cref="TransformerDecoderLayer"/>s (<c>torch.nn.TransformerDecoder</c>), named <c>layers.0</c>…,
/// each starting as a copy of the given layer, with an optional final <c>norm</c>.
/// </summary>
public sealed class TransformerDecoder : Module
{
    private readonly TransformerDecoderLayer[] _layers;

    /// <summary>Stacks <paramref name="numLayers"/> copies of <paramref name="decoderLayer"/> (same initial weights, as PyTorch's deepcopy).</summary>
    public TransformerDecoder(TransformerDecoderLayer decoderLayer, int numLayers, LayerNorm? norm = null)
    {
        ArgumentNullException.ThrowIfNull(decoderLayer);
        ArgumentOutOfRangeException.ThrowIfNegative(numLayers);
        _layers = Enumerable.Range(0, numLayers).Select(_ => decoderLayer.Clone()).ToArray();
        RegisterModule("layers", new ModuleList(_layers));
        Norm = norm is null ? null : RegisterModule("norm", norm);
    }

    /// <summary>The layers, in order.</summary>
    public IReadOnlyList<TransformerDecoderLayer> Layers => _layers;

    /// <summary>The final norm, or null.</summary>
    public LayerNorm? Norm { get; }

    /// <summary>The stack with its own input as the memory (what flows through a <see cref="Sequential"/>).</summary>
    public override Tensor Forward(Tensor input) => Call(input, input);

    /// <summary>Runs every layer against <paramref name="memory"/> with the same masks (PyTorch's <c>decoder(tgt, memory, ...)</c>), then the norm.</summary>
    public Tensor Call(Tensor tgt, Tensor memory, Tensor? tgtMask = null, Tensor? memoryMask = null, Tensor? tgtKeyPaddingMask = null,
        Tensor? memoryKeyPaddingMask = null, bool tgtIsCausal = false, bool memoryIsCausal = false)
    {
        var x = tgt;
        foreach (var layer in _layers)
        {
            x = layer.Call(x, memory, tgtMask, memoryMask, tgtKeyPaddingMask, memoryKeyPaddingMask, tgtIsCausal, memoryIsCausal);
        }

        return Norm is null ? x : Norm.Call(x);
    }
}
