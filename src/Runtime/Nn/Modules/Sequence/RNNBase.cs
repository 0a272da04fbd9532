using System.Globalization;

namespace AutoDiffGen.Nn;

/// <summary>
/// What <see cref="RNN"/>, <see cref="LSTM"/> and <see cref="GRU"/> share (PyTorch's <c>RNNBase</c>): stacked layers,
/// one or two directions, PyTorch's parameter names (<c>weight_ih_l0</c>, <c>weight_hh_l1_reverse</c>, <c>bias_ih_l0</c>,
/// <c>bias_hh_l0</c>, <c>weight_hr_l0</c>) and shapes, all drawn from U(−1/√hidden, 1/√hidden).
/// </summary>
/// <remarks>
/// Each layer and direction projects the input of every time step at once (one GEMM over [seq·batch, in]), then runs the
/// recurrence step by step: one GEMM with W_hh and one fused gate node per step. Sequences of different lengths
/// (PyTorch's <c>pack_padded_sequence</c>) are given as <c>lengths</c>: a sequence's state stops changing after its last
/// step, so the final state is the one at its own length, and its outputs past that length are zeros, as
/// <c>pad_packed_sequence</c> gives them; the reverse direction starts at each sequence's own last element.
/// </remarks>
public abstract class RNNBase : Module
{
    private readonly Tensor[] _weightIh, _weightHh, _weightHr;
    private readonly Tensor?[] _biasIh, _biasHh;

    private protected RNNBase(RecurrentMode mode, int inputSize, int hiddenSize, int numLayers, bool bias, bool batchFirst,
        double dropout, bool bidirectional, int projSize, DType dtype, Generator? generator)
    {
        var name = GetType().Name;
        if (inputSize <= 0 || hiddenSize <= 0 || numLayers <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(hiddenSize),
                $"{name}: input_size ({inputSize}), hidden_size ({hiddenSize}) and num_layers ({numLayers}) must be positive.");
        }

        if (dropout is < 0 or > 1 || double.IsNaN(dropout))
        {
            throw new ArgumentOutOfRangeException(nameof(dropout), dropout, $"{name}: dropout must be a probability between 0 and 1.");
        }

        if (projSize < 0 || (projSize > 0 && (mode != RecurrentMode.Lstm || projSize >= hiddenSize)))
        {
            throw new ArgumentOutOfRangeException(nameof(projSize), projSize,
                $"{name}: proj_size must be 0, or (for LSTM only) positive and smaller than hidden_size ({hiddenSize}).");
        }

        Mode = mode;
        InputSize = inputSize;
        HiddenSize = hiddenSize;
        NumLayers = numLayers;
        HasBias = bias;
        BatchFirst = batchFirst;
        Dropout = dropout;
        Bidirectional = bidirectional;
        ProjSize = projSize;
        var directions = NumDirections;
        var gates = RecurrentSteps.GateCount(mode) * hiddenSize;
        var realHidden = RealHiddenSize;
        _weightIh = new Tensor[numLayers * directions];
        _weightHh = new Tensor[numLayers * directions];
        _weightHr = new Tensor[projSize > 0 ? numLayers * directions : 0];
        _biasIh = new Tensor?[numLayers * directions];
        _biasHh = new Tensor?[numLayers * directions];
        for (var layer = 0; layer < numLayers; layer++)
        {
            var layerInput = layer == 0 ? inputSize : realHidden * directions;
            for (var direction = 0; direction < directions; direction++)
            {
                var k = (layer * directions) + direction;
                var suffix = string.Create(CultureInfo.InvariantCulture, $"_l{layer}{(direction == 1 ? "_reverse" : string.Empty)}");
                _weightIh[k] = RegisterParameter("weight_ih" + suffix, Tensor.Zeros(new Shape(gates, layerInput), dtype))!;
                _weightHh[k] = RegisterParameter("weight_hh" + suffix, Tensor.Zeros(new Shape(gates, realHidden), dtype))!;
                if (bias)
                {
                    _biasIh[k] = RegisterParameter("bias_ih" + suffix, Tensor.Zeros(new Shape(gates), dtype));
                    _biasHh[k] = RegisterParameter("bias_hh" + suffix, Tensor.Zeros(new Shape(gates), dtype));
                }

                if (projSize > 0)
                {
                    _weightHr[k] = RegisterParameter("weight_hr" + suffix, Tensor.Zeros(new Shape(projSize, hiddenSize), dtype))!;
                }
            }
        }

        ResetParameters(generator);
    }

    /// <summary>The number of expected features in the input.</summary>
    public int InputSize { get; }

    /// <summary>The number of features in the hidden state (of the cell state, for an LSTM with a projection).</summary>
    public int HiddenSize { get; }

    /// <summary>The number of stacked layers.</summary>
    public int NumLayers { get; }

    /// <summary>Whether the layers have the biases b_ih and b_hh.</summary>
    public bool HasBias { get; }

    /// <summary>Whether input and output are [batch, seq, feature] rather than [seq, batch, feature]. States are never batch-first.</summary>
    public bool BatchFirst { get; }

    /// <summary>The dropout probability on the outputs of every layer but the last, in training mode.</summary>
    public double Dropout { get; }

    /// <summary>Whether each layer runs both directions and concatenates their outputs.</summary>
    public bool Bidirectional { get; }

    /// <summary>The LSTM's projection size (0: no projection).</summary>
    public int ProjSize { get; }

    /// <summary>1, or 2 when bidirectional.</summary>
    public int NumDirections => Bidirectional ? 2 : 1;

    /// <summary>The random source for the dropout between layers (the default generator when null).</summary>
    public Generator? DropoutGenerator { get; set; }

    private protected RecurrentMode Mode { get; }

    /// <summary>The size of h: <see cref="ProjSize"/> when set, else <see cref="HiddenSize"/>.</summary>
    private protected int RealHiddenSize => ProjSize > 0 ? ProjSize : HiddenSize;

    /// <summary>Re-draws every parameter from U(−1/√hidden_size, 1/√hidden_size), as PyTorch does.</summary>
    public void ResetParameters(Generator? generator = null)
    {
        var bound = 1 / Math.Sqrt(HiddenSize);
        foreach (var p in Parameters(recurse: false))
        {
            Init.Uniform_(p, -bound, bound, generator);
        }
    }

    /// <summary>The sequence output alone (what flows through a <see cref="Sequential"/>); initial states are zeros.</summary>
    public override Tensor Forward(Tensor input) => Run(input, null, null, null).Output;

    /// <summary>Runs every layer and direction; returns the output and the stacked final h (and c for an LSTM).</summary>
    private protected (Tensor Output, Tensor H, Tensor? C) Run(Tensor input, Tensor? h0, Tensor? c0, int[]? lengths)
    {
        ArgumentNullException.ThrowIfNull(input);
        var name = GetType().Name;
        var layout = BatchFirst ? "[batch, seq, input_size]" : "[seq, batch, input_size]";
        if (input.Rank is not (2 or 3))
        {
            throw new ArgumentException($"{name}: expected a 3-D input {layout} (or a 2-D unbatched [seq, input_size]), got shape {input.Shape}.", nameof(input));
        }

        if (input.Shape[-1] != InputSize)
        {
            throw new ArgumentException($"{name}: expected input with {InputSize} features (input_size) in its last dimension, got shape {input.Shape}.", nameof(input));
        }

        if (input.DType != _weightIh[0].DType)
        {
            throw new ArgumentException($"{name}: input is {input.DType.ToTorchName()} but the parameters are {_weightIh[0].DType.ToTorchName()}.", nameof(input));
        }

        var batched = input.Rank == 3;
        var x = !batched ? input.Unsqueeze(1) : BatchFirst ? input.Transpose(0, 1) : input;
        int steps = x.Shape[0], batch = x.Shape[1], directions = NumDirections, realHidden = RealHiddenSize;
        var h = CheckState(h0, "h_0", realHidden, batch, batched, x.DType);
        var c = Mode == RecurrentMode.Lstm ? CheckState(c0, "c_0", HiddenSize, batch, batched, x.DType) : null;
        var masks = lengths is null ? null : StepMasks(lengths, steps, batch, name);

        var finalH = new Tensor[NumLayers * directions];
        var finalC = new Tensor[Mode == RecurrentMode.Lstm ? NumLayers * directions : 0];
        var layerInput = x;
        for (var layer = 0; layer < NumLayers; layer++)
        {
            var outputs = new Tensor[directions];
            for (var direction = 0; direction < directions; direction++)
            {
                var k = (layer * directions) + direction;
                var (output, hLast, cLast) = RunDirection(layerInput, k, direction == 1, h?.Select(0, k), c?.Select(0, k), masks);
                outputs[direction] = output;
                finalH[k] = hLast;
                if (cLast is not null)
                {
                    finalC[k] = cLast;
                }
            }

            layerInput = directions == 1 ? outputs[0] : Tensor.Concat(outputs, 2);
            if (layer < NumLayers - 1 && Dropout > 0 && IsTraining)
            {
                layerInput = Functional.Dropout(layerInput, Dropout, training: true, DropoutGenerator);
            }
        }

        var result = !batched ? layerInput.Squeeze(1) : BatchFirst ? layerInput.Transpose(0, 1) : layerInput;
        var hN = Tensor.Stack(finalH, 0);
        var cN = finalC.Length > 0 ? Tensor.Stack(finalC, 0) : null;
        if (!batched)
        {
            hN = hN.Squeeze(1);
            cN = cN?.Squeeze(1);
        }

        return (result, hN, cN);
    }

    private (Tensor Output, Tensor H, Tensor? C) RunDirection(Tensor input, int k, bool reverse, Tensor? h0, Tensor? c0, Tensor[]? masks)
    {
        int steps = input.Shape[0], batch = input.Shape[1];
        var weightHh = _weightHh[k];
        var (biasIh, biasHh) = (_biasIh[k], _biasHh[k]);

        // RNN and LSTM add b_hh where b_ih goes, so it joins the all-steps projection; a GRU keeps it for r·(W_hn·h + b_hn).
        var inputBias = Mode == RecurrentMode.Gru || biasIh is null ? biasIh : biasIh + biasHh!;
        var stepBias = Mode == RecurrentMode.Gru ? biasHh : null;
        var projection = Functional.Linear(input, _weightIh[k], inputBias);
        var h = h0 ?? Tensor.Zeros(new Shape(batch, RealHiddenSize), input.DType);
        var c = Mode == RecurrentMode.Lstm ? c0 ?? Tensor.Zeros(new Shape(batch, HiddenSize), input.DType) : null;
        var outputs = new Tensor[steps];
        for (var s = 0; s < steps; s++)
        {
            var t = reverse ? steps - 1 - s : s;
            var xt = projection.Select(0, t);
            Tensor hNew;
            Tensor? cNew = null;
            switch (Mode)
            {
                case RecurrentMode.Lstm:
                    (hNew, cNew) = RecurrentSteps.Lstm(xt, h, c!, weightHh, null, _weightHr.Length > 0 ? _weightHr[k] : null);
                    break;
                case RecurrentMode.Gru:
                    hNew = RecurrentSteps.Gru(xt, h, weightHh, stepBias);
                    break;
                default:
                    hNew = RecurrentSteps.Rnn(xt, h, weightHh, null, Mode == RecurrentMode.RnnRelu);
                    break;
            }

            if (masks is null)
            {
                (h, c) = (hNew, cNew);
                outputs[t] = hNew;
            }
            else
            {
                // Past a sequence's end its state is carried unchanged and its output is zero.
                var live = masks[t];
                h = Tensor.Where(live, hNew, h);
                c = cNew is null ? null : Tensor.Where(live, cNew, c!);
                outputs[t] = Tensor.Where(live, hNew, 0.0);
            }
        }

        return (Tensor.Stack(outputs, 0), h, c);
    }

    private Tensor? CheckState(Tensor? state, string what, int size, int batch, bool batched, DType dtype)
    {
        if (state is null)
        {
            return null;
        }

        var layers = NumLayers * NumDirections;
        var expected = batched ? new Shape(layers, batch, size) : new Shape(layers, size);
        if (state.Shape != expected)
        {
            throw new ArgumentException(
                $"{GetType().Name}: expected {what} of shape {expected} ([num_layers * num_directions, {(batched ? "batch, " : string.Empty)}{(size == HiddenSize ? "hidden_size" : "proj_size")}]), got {state.Shape}.",
                what);
        }

        if (state.DType != dtype)
        {
            throw new ArgumentException($"{GetType().Name}: {what} is {state.DType.ToTorchName()} but the input is {dtype.ToTorchName()}.", what);
        }

        return batched ? state : state.Unsqueeze(1);
    }

    /// <summary>For each time step, a [batch, 1] mask of the sequences still running at that step.</summary>
    internal static Tensor[] StepMasks(int[] lengths, int steps, int batch, string name)
    {
        if (lengths.Length != batch)
        {
            throw new ArgumentException($"{name}: expected {batch} lengths (one per sequence in the batch), got {lengths.Length}.", nameof(lengths));
        }

        foreach (var length in lengths)
        {
            if (length < 1 || length > steps)
            {
                throw new ArgumentOutOfRangeException(nameof(lengths), length, $"{name}: every length must be between 1 and the sequence length {steps}, got {length}.");
            }
        }

        var masks = new Tensor[steps];
        for (var t = 0; t < steps; t++)
        {
            var live = new bool[batch];
            for (var b = 0; b < batch; b++)
            {
                live[b] = t < lengths[b];
            }

            masks[t] = Tensor.FromArray(live, batch, 1);
        }

        return masks;
    }

    /// <inheritdoc/>
    protected override string ExtraRepresentation()
    {
        var text = $"{InputSize}, {HiddenSize}";
        if (ProjSize != 0)
        {
            text += $", proj_size={ProjSize}";
        }

        if (NumLayers != 1)
        {
            text += $", num_layers={NumLayers}";
        }

        if (!HasBias)
        {
            text += ", bias=False";
        }

        if (BatchFirst)
        {
            text += ", batch_first=True";
        }

        if (Dropout != 0)
        {
            text += string.Create(CultureInfo.InvariantCulture, $", dropout={Dropout}");
        }

        if (Bidirectional)
        {
            text += ", bidirectional=True";
        }

        return text;
    }
}
