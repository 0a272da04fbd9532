namespace AutoDiffGen.Nn;

/// <summary>How a loss reduces its per-element values (PyTorch's <c>reduction='none'|'mean'|'sum'</c>).</summary>
public enum Reduction
{
    /// <summary>Return the per-element losses.</summary>
    None,

    /// <summary>Return their (possibly weighted) mean.</summary>
    Mean,

    /// <summary>Return their sum.</summary>
    Sum,
}
