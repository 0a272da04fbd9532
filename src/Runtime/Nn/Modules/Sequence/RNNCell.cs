namespace AutoDiffGen.Nn;

/// <summary>An Elman RNN cell (<c>torch.nn.RNNCell</c>): h' = act(W_ih·x + b_ih + W_hh·h + b_hh).</summary>
public sealed class RNNCell : RNNCellBase
{
    /// <summary>Creates the cell with PyTorch's default initialisation.</summary>
    /// <param name="inputSize">Features of the input.</param>
    /// <param name="hiddenSize">Features of the hidden state.</param>
    /// <param name="bias">Whether to learn b_ih and b_hh.</param>
    /// <param name="nonlinearity">tanh (the default) or ReLU.</param>
    /// <param name="dtype">Parameter dtype.</param>
    /// <param name="generator">Random source for the initial values.</param>
    public RNNCell(int inputSize, int hiddenSize, bool bias = true, RNNNonlinearity nonlinearity = RNNNonlinearity.Tanh,
        DType dtype = DType.Float32, Generator? generator = null)
        : base(nonlinearity == RNNNonlinearity.Relu ? RecurrentMode.RnnRelu : RecurrentMode.RnnTanh, inputSize, hiddenSize, bias, dtype, generator)
    {
        Nonlinearity = nonlinearity;
    }

    /// <summary>The activation.</summary>
    public RNNNonlinearity Nonlinearity { get; }

    /// <summary>One step: <paramref name="input"/> [batch, input_size] (or [input_size]), <paramref name="hx"/> [batch, hidden_size] (zeros when null); returns h'.</summary>
    public Tensor Call(Tensor input, Tensor? hx = null)
    {
        var (x, batched) = CheckInput(input);
        var h = State(hx, "hx", x, batched);
        var result = RecurrentSteps.Rnn(Functional.Linear(x, WeightIh, BiasIh), h, WeightHh, BiasHh, Mode == RecurrentMode.RnnRelu);
        return batched ? result : result.Squeeze(0);
    }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => Call(input);
}
