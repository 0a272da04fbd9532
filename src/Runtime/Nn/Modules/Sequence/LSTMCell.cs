namespace AutoDiffGen.Nn;

/// <summary>A long short-term memory cell (<c>torch.nn.LSTMCell</c>), gates i, f, g, o as in <see cref="LSTM"/>.</summary>
/// <example><code>
/// var cell = new LSTMCell(10, 20);
/// var (h, c) = cell.Call(x, (h, c));
/// </code></example>
public sealed class LSTMCell : RNNCellBase
{
    /// <summary>Creates the cell with PyTorch's default initialisation.</summary>
    /// <param name="inputSize">Features of the input.</param>
    /// <param name="hiddenSize">Features of the hidden and cell states.</param>
    /// <param name="bias">Whether to learn b_ih and b_hh.</param>
    /// <param name="dtype">Parameter dtype.</param>
    /// <param name="generator">Random source for the initial values.</param>
    public LSTMCell(int inputSize, int hiddenSize, bool bias = true, DType dtype = DType.Float32, Generator? generator = null)
        : base(RecurrentMode.Lstm, inputSize, hiddenSize, bias, dtype, generator)
    {
    }

    /// <summary>One step: <paramref name="input"/> [batch, input_size] (or [input_size]), <paramref name="hx"/> (h, c), each [batch, hidden_size] (zeros when null); returns (h', c').</summary>
    public (Tensor H, Tensor C) Call(Tensor input, (Tensor H, Tensor C)? hx = null)
    {
        var (x, batched) = CheckInput(input);
        var h = State(hx?.H, "h_0", x, batched);
        var c = State(hx?.C, "c_0", x, batched);
        var (hNew, cNew) = RecurrentSteps.Lstm(Functional.Linear(x, WeightIh, BiasIh), h, c, WeightHh, BiasHh, null);
        return batched ? (hNew, cNew) : (hNew.Squeeze(0), cNew.Squeeze(0));
    }

    /// <summary>The new hidden state h' alone (what flows through a <see cref="Sequential"/>), from zero states.</summary>
    public override Tensor Forward(Tensor input) => Call(input).H;
}
