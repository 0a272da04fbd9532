using AutoDiffGen;
using AutoDiffGen.Nn;

namespace TextClassifier;

/// <summary>
/// Token and position embeddings, a Transformer encoder that ignores padding (key_padding_mask), a mean over the real
/// tokens, and a linear layer to two logits (ham, spam).
/// </summary>
internal sealed class SpamTransformer : Module
{
    private readonly Embedding _tokens, _positions;
    private readonly TransformerEncoder _encoder;
    private readonly Linear _classifier;

    public SpamTransformer(int vocabulary, int length, int width, int heads, int layers, Generator generator)
    {
        _tokens = RegisterModule("tokens", new Embedding(vocabulary, width, paddingIdx: 0, generator: generator));
        _positions = RegisterModule("positions", new Embedding(length, width, generator: generator));
        var layer = new TransformerEncoderLayer(width, heads, 2 * width, dropout: 0.1, batchFirst: true, generator: generator);
        _encoder = RegisterModule("encoder", new TransformerEncoder(layer, layers));
        _classifier = RegisterModule("classifier", new Linear(width, 2, generator: generator));
    }

    /// <summary>Logits [batch, 2] for token ids [batch, length] (0 = padding).</summary>
    public override Tensor Forward(Tensor input)
    {
        var length = input.Size(1);
        var padding = input.Eq(Vocabulary.Padding);
        var x = _tokens.Call(input) + _positions.Call(Tensor.Arange(length, DType.Int64));
        var h = _encoder.Call(x, srcKeyPaddingMask: padding);
        var real = Tensor.Where(padding, 0.0, Tensor.OnesLike(input.To(DType.Float32))).Unsqueeze(2);
        var pooled = (h * real).Sum(1) / real.Sum(1).Clamp(min: 1);
        return _classifier.Call(pooled);
    }
}
