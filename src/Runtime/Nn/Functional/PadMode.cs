namespace AutoDiffGen.Nn;

/// <summary>How <see cref="Functional.Pad"/> fills the padding (the <c>mode</c> of <c>F.pad</c>).</summary>
public enum PadMode
{
    /// <summary>A constant value (<c>'constant'</c>), the default.</summary>
    Constant,

    /// <summary>The input mirrored at its edge, the edge itself not repeated (<c>'reflect'</c>).</summary>
    Reflect,

    /// <summary>The edge value repeated (<c>'replicate'</c>).</summary>
    Replicate,

    /// <summary>The input wrapped around (<c>'circular'</c>).</summary>
    Circular,
}
