namespace AutoDiffGen.Nn;

/// <summary>Which form of GELU to compute (PyTorch's <c>approximate='none'|'tanh'</c>).</summary>
public enum GeluApproximation
{
    /// <summary>The exact form, 0.5·x·(1 + erf(x/√2)).</summary>
    None,

    /// <summary>The tanh approximation, 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))).</summary>
    Tanh,
}
