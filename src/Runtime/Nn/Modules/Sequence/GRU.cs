namespace AutoDiffGen.Nn;

/// <summary>
/// A multi-layer gated recurrent unit (<c>torch.nn.GRU</c>), gates in PyTorch's order r, z, n:
/// r = σ(W_ir·x + b_ir + W_hr·h + b_hr), z = σ(W_iz·x + b_iz + W_hz·h + b_hz), n = tanh(W_in·x + b_in + r·(W_hn·h + b_hn)),
/// h' = (1 − z)·n + z·h.
/// </summary>
/// <example><code>
/// var gru = new GRU(10, 20, numLayers: 2, bidirectional: true);
/// var (output, hN) = gru.Call(x);
/// </code></example>
public sealed class GRU : RNNBase
{
    /// <summary>Creates the layers with PyTorch's default initialisation.</summary>
    /// <param name="inputSize">Features of each input step.</param>
    /// <param name="hiddenSize">Features of the hidden state.</param>
    /// <param name="numLayers">Stacked layers.</param>
    /// <param name="bias">Whether to learn b_ih and b_hh.</param>
    /// <param name="batchFirst">Input and output as [batch, seq, feature].</param>
    /// <param name="dropout">Dropout on each layer's output but the last's, in training mode.</param>
    /// <param name="bidirectional">Run each layer in both directions.</param>
    /// <param name="dtype">Parameter dtype.</param>
    /// <param name="generator">Random source for the initial values.</param>
    public GRU(int inputSize, int hiddenSize, int numLayers = 1, bool bias = true, bool batchFirst = false, double dropout = 0,
        bool bidirectional = false, DType dtype = DType.Float32, Generator? generator = null)
        : base(RecurrentMode.Gru, inputSize, hiddenSize, numLayers, bias, batchFirst, dropout, bidirectional, 0, dtype, generator)
    {
    }

    /// <summary>
    /// Runs the sequence (PyTorch's <c>gru(input, h_0)</c>); shapes as <see cref="RNN.Call"/>. Returns the last layer's
    /// output at every step and the final state of every layer and direction.
    /// </summary>
    public (Tensor Output, Tensor HN) Call(Tensor input, Tensor? hx = null, int[]? lengths = null)
    {
        var (output, h, _) = Run(input, hx, null, lengths);
        return (output, h);
    }
}
