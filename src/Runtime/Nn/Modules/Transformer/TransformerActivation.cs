namespace AutoDiffGen.Nn;

/// <summary>The feed-forward activation of a Transformer layer (PyTorch's <c>activation="relu"|"gelu"</c>).</summary>
public enum TransformerActivation
{
    /// <summary>ReLU, the default.</summary>
    Relu,

    /// <summary>GELU (exact, erf form).</summary>
    Gelu,
}
