namespace AutoDiffGen.Nn;

/// <summary>Which cell a recurrent layer runs (PyTorch's RNNBase mode), with its number of gates.</summary>
internal enum RecurrentMode
{
    /// <summary>Elman RNN with tanh (1 gate).</summary>
    RnnTanh,

    /// <summary>Elman RNN with ReLU (1 gate).</summary>
    RnnRelu,

    /// <summary>LSTM (4 gates: i, f, g, o).</summary>
    Lstm,

    /// <summary>GRU (3 gates: r, z, n).</summary>
    Gru,
}
