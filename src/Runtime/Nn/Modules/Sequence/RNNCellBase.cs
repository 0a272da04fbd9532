namespace AutoDiffGen.Nn;

/// <summary>
/// What <see cref="RNNCell"/>, <see cref="LSTMCell"/> and <see cref="GRUCell"/> share (PyTorch's <c>RNNCellBase</c>):
/// one time step, parameters <c>weight_ih</c> [gates·hidden, input], <c>weight_hh</c> [gates·hidden, hidden],
/// <c>bias_ih</c>, <c>bias_hh</c>, all drawn from U(−1/√hidden, 1/√hidden).
/// </summary>
public abstract class RNNCellBase : Module
{
    private protected RNNCellBase(RecurrentMode mode, int inputSize, int hiddenSize, bool bias, DType dtype, Generator? generator)
    {
        if (inputSize <= 0 || hiddenSize <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(hiddenSize), $"{GetType().Name}: input_size ({inputSize}) and hidden_size ({hiddenSize}) must be positive.");
        }

        Mode = mode;
        InputSize = inputSize;
        HiddenSize = hiddenSize;
        var gates = RecurrentSteps.GateCount(mode) * hiddenSize;
        WeightIh = RegisterParameter("weight_ih", Tensor.Zeros(new Shape(gates, inputSize), dtype))!;
        WeightHh = RegisterParameter("weight_hh", Tensor.Zeros(new Shape(gates, hiddenSize), dtype))!;
        BiasIh = RegisterParameter("bias_ih", bias ? Tensor.Zeros(new Shape(gates), dtype) : null);
        BiasHh = RegisterParameter("bias_hh", bias ? Tensor.Zeros(new Shape(gates), dtype) : null);
        ResetParameters(generator);
    }

    /// <summary>The number of expected features in the input.</summary>
    public int InputSize { get; }

    /// <summary>The number of features in the hidden state.</summary>
    public int HiddenSize { get; }

    /// <summary>The input-hidden weights, [gates·hidden_size, input_size].</summary>
    public Tensor WeightIh { get; }

    /// <summary>The hidden-hidden weights, [gates·hidden_size, hidden_size].</summary>
    public Tensor WeightHh { get; }

    /// <summary>The input-hidden bias, or null.</summary>
    public Tensor? BiasIh { get; }

    /// <summary>The hidden-hidden bias, or null.</summary>
    public Tensor? BiasHh { get; }

    private protected RecurrentMode Mode { get; }

    /// <summary>Re-draws every parameter from U(−1/√hidden_size, 1/√hidden_size), as PyTorch does.</summary>
    public void ResetParameters(Generator? generator = null)
    {
        var bound = 1 / Math.Sqrt(HiddenSize);
        foreach (var p in Parameters(recurse: false))
        {
            Init.Uniform_(p, -bound, bound, generator);
        }
    }

    /// <summary>Checks the input ([batch, input_size] or unbatched [input_size]); returns it batched and whether it was.</summary>
    private protected (Tensor Input, bool Batched) CheckInput(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Rank is not (1 or 2) || input.Shape[-1] != InputSize)
        {
            throw new ArgumentException($"{GetType().Name}: expected input of shape [batch, {InputSize}] or [{InputSize}] (input_size {InputSize}), got {input.Shape}.", nameof(input));
        }

        if (input.DType != WeightIh.DType)
        {
            throw new ArgumentException($"{GetType().Name}: input is {input.DType.ToTorchName()} but the parameters are {WeightIh.DType.ToTorchName()}.", nameof(input));
        }

        return input.Rank == 2 ? (input, true) : (input.Unsqueeze(0), false);
    }

    /// <summary>Checks a state against the batched input; zeros when null.</summary>
    private protected Tensor State(Tensor? state, string what, Tensor input, bool batched)
    {
        var batch = input.Shape[0];
        if (state is null)
        {
            return Tensor.Zeros(new Shape(batch, HiddenSize), input.DType);
        }

        var expected = batched ? new Shape(batch, HiddenSize) : new Shape(HiddenSize);
        if (state.Shape != expected || state.DType != input.DType)
        {
            throw new ArgumentException(
                $"{GetType().Name}: expected {what} of shape {expected} ([{(batched ? "batch, " : string.Empty)}hidden_size]) and dtype {input.DType.ToTorchName()}, got {state.Shape} ({state.DType.ToTorchName()}).", what);
        }

        return batched ? state : state.Unsqueeze(0);
    }

    /// <inheritdoc/>
    protected override string ExtraRepresentation() => $"{InputSize}, {HiddenSize}" + (BiasIh is null ? ", bias=False" : string.Empty);
}
