namespace AutoDiffGen.Nn;

/// <summary>
/// The recurrent cells' gate arithmetic, forward-only: the generator fuses each into one elementwise pass forward and
/// one backward. A cell's two results (h and c for an LSTM) are two methods, since a generated method returns one tensor.
/// </summary>
internal static partial class Composites
{
    /// <summary>An LSTM cell's new cell state c' = σ(f)·c + σ(i)·tanh(g), from the pre-activation gates.</summary>
    [Differentiable]
    internal static Tensor LstmCellState(Tensor inputGate, Tensor forgetGate, Tensor cellGate, Tensor cell)
        => (Tensor.Sigmoid(forgetGate) * cell) + (Tensor.Sigmoid(inputGate) * Tensor.Tanh(cellGate));

    /// <summary>An LSTM cell's new hidden state h' = σ(o)·tanh(c'), from the output gate and the new cell state.</summary>
    [Differentiable]
    // NOTE: a parameter named `o` would make the generator emit its gradient as `do`, a C# keyword; gate names avoid that.
    internal static Tensor LstmCellOutput(Tensor outputGate, Tensor cell) => Tensor.Sigmoid(outputGate) * Tensor.Tanh(cell);

    /// <summary>
    /// A GRU cell's new hidden state (PyTorch's gate order r, z, n): r = σ(x_r + h_r), z = σ(x_z + h_z),
    /// n = tanh(x_n + r·h_n), h' = (1 − z)·n + z·h, where x_* are the input projections and h_* the hidden ones
    /// (their bias b_hn inside r·h_n, as PyTorch and cuDNN put it).
    /// </summary>
    [Differentiable]
    internal static Tensor GruCellOutput(Tensor xr, Tensor xz, Tensor xn, Tensor hr, Tensor hz, Tensor hn, Tensor h)
    {
        var r = Tensor.Sigmoid(xr + hr);
        var z = Tensor.Sigmoid(xz + hz);
        var n = Tensor.Tanh(xn + (r * hn));
        return ((1.0 - z) * n) + (z * h);
    }
}
