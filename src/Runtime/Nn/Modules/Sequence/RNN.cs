namespace AutoDiffGen.Nn;

/// <summary>
/// A multi-layer Elman RNN (<c>torch.nn.RNN</c>): h_t = act(W_ih·x_t + b_ih + W_hh·h_(t−1) + b_hh), act tanh or ReLU.
/// </summary>
/// <example><code>
/// var rnn = new RNN(10, 20, numLayers: 2);
/// var (output, hN) = rnn.Call(x, h0);   // x [seq, batch, 10], h0 [2, batch, 20]
/// </code></example>
public sealed class RNN : RNNBase
{
    /// <summary>Creates the layers with PyTorch's default initialisation.</summary>
    /// <param name="inputSize">Features of each input step.</param>
    /// <param name="hiddenSize">Features of the hidden state.</param>
    /// <param name="numLayers">Stacked layers.</param>
    /// <param name="nonlinearity">tanh (the default) or ReLU.</param>
    /// <param name="bias">Whether to learn b_ih and b_hh.</param>
    /// <param name="batchFirst">Input and output as [batch, seq, feature].</param>
    /// <param name="dropout">Dropout on each layer's output but the last's, in training mode.</param>
    /// <param name="bidirectional">Run each layer in both directions.</param>
    /// <param name="dtype">Parameter dtype.</param>
    /// <param name="generator">Random source for the initial values.</param>
    public RNN(int inputSize, int hiddenSize, int numLayers = 1, RNNNonlinearity nonlinearity = RNNNonlinearity.Tanh, bool bias = true,
        bool batchFirst = false, double dropout = 0, bool bidirectional = false, DType dtype = DType.Float32, Generator? generator = null)
        : base(nonlinearity == RNNNonlinearity.Relu ? RecurrentMode.RnnRelu : RecurrentMode.RnnTanh, inputSize, hiddenSize, numLayers, bias,
            batchFirst, dropout, bidirectional, 0, dtype, generator)
    {
        Nonlinearity = nonlinearity;
    }

    /// <summary>The activation.</summary>
    public RNNNonlinearity Nonlinearity { get; }

    /// <summary>
    /// Runs the sequence (PyTorch's <c>rnn(input, h_0)</c>). <paramref name="input"/> is [seq, batch, input_size]
    /// ([batch, seq, input_size] when batch-first) or unbatched [seq, input_size]; <paramref name="hx"/> is
    /// [num_layers · num_directions, batch, hidden_size] (zeros when null). <paramref name="lengths"/> gives each
    /// sequence's own length (as <c>pack_padded_sequence</c>). Returns the last layer's output at every step,
    /// [seq, batch, num_directions · hidden_size], and the final state of every layer and direction.
    /// </summary>
    public (Tensor Output, Tensor HN) Call(Tensor input, Tensor? hx = null, int[]? lengths = null)
    {
        var (output, h, _) = Run(input, hx, null, lengths);
        return (output, h);
    }

    /// <inheritdoc/>
    protected override string ExtraRepresentation()
        => base.ExtraRepresentation() + (Nonlinearity == RNNNonlinearity.Relu ? ", nonlinearity='relu'" : string.Empty);
}
