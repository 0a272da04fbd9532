namespace AutoDiffGen.Nn;

/// <summary>A gated recurrent unit cell (<c>torch.nn.GRUCell</c>), gates r, z, n as in <see cref="GRU"/>.</summary>
public sealed class GRUCell : RNNCellBase
{
    /// <summary>Creates the cell with PyTorch's default initialisation.</summary>
    /// <param name="inputSize">Features of the input.</param>
    /// <param name="hiddenSize">Features of the hidden state.</param>
    /// <param name="bias">Whether to learn b_ih and b_hh.</param>
    /// <param name="dtype">Parameter dtype.</param>
    /// <param name="generator">Random source for the initial values.</param>
    public GRUCell(int inputSize, int hiddenSize, bool bias = true, DType dtype = DType.Float32, Generator? generator = null)
        : base(RecurrentMode.Gru, inputSize, hiddenSize, bias, dtype, generator)
    {
    }

    /// <summary>One step: <paramref name="input"/> [batch, input_size] (or [input_size]), <paramref name="hx"/> [batch, hidden_size] (zeros when null); returns h'.</summary>
    public Tensor Call(Tensor input, Tensor? hx = null)
    {
        var (x, batched) = CheckInput(input);
        var h = State(hx, "hx", x, batched);
        var result = RecurrentSteps.Gru(Functional.Linear(x, WeightIh, BiasIh), h, WeightHh, BiasHh);
        return batched ? result : result.Squeeze(0);
    }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => Call(input);
}
