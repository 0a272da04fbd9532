namespace AutoDiffGen.Nn;

/// <summary>
/// A multi-layer long short-term memory (<c>torch.nn.LSTM</c>), gates in PyTorch's order i, f, g, o:
/// c' = σ(f)·c + σ(i)·tanh(g), h' = σ(o)·tanh(c'), with optional projection h' ← W_hr·h' (<c>proj_size</c>).
/// </summary>
/// <example><code>
/// var lstm = new LSTM(10, 20, numLayers: 2);
/// var (output, (h, c)) = lstm.Call(x, (h0, c0));
/// </code></example>
public sealed class LSTM : RNNBase
{
    /// <summary>Creates the layers with PyTorch's default initialisation.</summary>
    /// <param name="inputSize">Features of each input step.</param>
    /// <param name="hiddenSize">Features of the cell state (and of h without a projection).</param>
    /// <param name="numLayers">Stacked layers.</param>
    /// <param name="bias">Whether to learn b_ih and b_hh.</param>
    /// <param name="batchFirst">Input and output as [batch, seq, feature].</param>
    /// <param name="dropout">Dropout on each layer's output but the last's, in training mode.</param>
    /// <param name="bidirectional">Run each layer in both directions.</param>
    /// <param name="projSize">If positive, h is projected to this size by <c>weight_hr_l{k}</c> ([proj_size, hidden_size]).</param>
    /// <param name="dtype">Parameter dtype.</param>
    /// <param name="generator">Random source for the initial values.</param>
    public LSTM(int inputSize, int hiddenSize, int numLayers = 1, bool bias = true, bool batchFirst = false, double dropout = 0,
        bool bidirectional = false, int projSize = 0, DType dtype = DType.Float32, Generator? generator = null)
        : base(RecurrentMode.Lstm, inputSize, hiddenSize, numLayers, bias, batchFirst, dropout, bidirectional, projSize, dtype, generator)
    {
    }

    /// <summary>
    /// Runs the sequence (PyTorch's <c>lstm(input, (h_0, c_0))</c>). <paramref name="input"/> is [seq, batch, input_size]
    /// ([batch, seq, input_size] when batch-first) or unbatched [seq, input_size]; <paramref name="hx"/> is
    /// (h_0 [num_layers · num_directions, batch, proj_size or hidden_size], c_0 [..., hidden_size]), zeros when null.
    /// <paramref name="lengths"/> gives each sequence's own length (as <c>pack_padded_sequence</c>). Returns the last
    /// layer's output at every step and (h_n, c_n) of every layer and direction.
    /// </summary>
    public (Tensor Output, (Tensor H, Tensor C) State) Call(Tensor input, (Tensor H, Tensor C)? hx = null, int[]? lengths = null)
    {
        var (output, h, c) = Run(input, hx?.H, hx?.C, lengths);
        return (output, (h, c!));
    }
}
