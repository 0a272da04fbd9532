namespace AutoDiffGen.Nn;

/// <summary>Which fan Kaiming initialisation preserves the variance of (PyTorch's <c>mode='fan_in'|'fan_out'</c>).</summary>
public enum FanMode
{
    /// <summary>Preserve the variance of activations in the forward pass.</summary>
    FanIn,

    /// <summary>Preserve the variance of gradients in the backward pass.</summary>
    FanOut,
}
