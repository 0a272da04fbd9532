namespace AutoDiffGen.Nn;

/// <summary>How a convolution layer fills its padding (PyTorch's <c>padding_mode</c>).</summary>
public enum PaddingMode
{
    /// <summary>Zeros (<c>'zeros'</c>), the default.</summary>
    Zeros,

    /// <summary>The input mirrored at its edge, the edge itself not repeated (<c>'reflect'</c>).</summary>
    Reflect,

    /// <summary>The edge value repeated (<c>'replicate'</c>).</summary>
    Replicate,

    /// <summary>The input wrapped around (<c>'circular'</c>).</summary>
    Circular,
}
