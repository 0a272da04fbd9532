namespace AutoDiffGen.Nn;

/// <summary>The activation of an Elman <see cref="RNN"/> or <see cref="RNNCell"/> (PyTorch's <c>nonlinearity='tanh'|'relu'</c>).</summary>
public enum RNNNonlinearity
{
    /// <summary>h' = tanh(W_ih·x + b_ih + W_hh·h + b_hh), the default.</summary>
    Tanh,

    /// <summary>h' = relu(W_ih·x + b_ih + W_hh·h + b_hh).</summary>
    Relu,
}
