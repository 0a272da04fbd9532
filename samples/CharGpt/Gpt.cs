using AutoDiffGen;
using AutoDiffGen.Nn;

namespace CharGpt;

/// <summary>
/// A small decoder-only Transformer: token and position embeddings, pre-norm Transformer layers under a causal mask
/// (a decoder without cross-attention is an encoder layer that cannot see the future), a final norm and a linear head.
/// </summary>
internal sealed class Gpt : Module
{
    private readonly Embedding _tokens, _positions;
    private readonly TransformerEncoder _blocks;
    private readonly LayerNorm _norm;
    private readonly Linear _head;

    public Gpt(int vocabulary, int context, int width, int heads, int layers, Generator generator)
    {
        Context = context;
        _tokens = RegisterModule("tokens", new Embedding(vocabulary, width, generator: generator));
        _positions = RegisterModule("positions", new Embedding(context, width, generator: generator));
        var layer = new TransformerEncoderLayer(width, heads, 4 * width, dropout: 0, activation: TransformerActivation.Gelu, batchFirst: true, normFirst: true, generator: generator);
        _blocks = RegisterModule("blocks", new TransformerEncoder(layer, layers));
        _norm = RegisterModule("norm", new LayerNorm(width));
        _head = RegisterModule("head", new Linear(width, vocabulary, generator: generator));
    }

    public int Context { get; }

    /// <summary>Logits [batch, length, vocabulary] for int64 tokens [batch, length], length at most the context.</summary>
    public override Tensor Forward(Tensor input)
    {
        var length = input.Size(1);
        var positions = Tensor.Arange(length, DType.Int64);
        var x = _tokens.Call(input) + _positions.Call(positions);
        return _head.Call(_norm.Call(_blocks.Call(x, isCausal: true)));
    }
}
