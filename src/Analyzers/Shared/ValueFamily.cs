namespace AutoDiffGen.Analyzers.Shared;

/// <summary>The kinds of value a gradient flows through: scalars (float, double) and tensors.</summary>
internal enum ValueFamily
{
    /// <summary>Not differentiable.</summary>
    None,

    /// <summary><c>float</c> or <c>double</c>.</summary>
    Scalar,

    /// <summary><c>AutoDiffGen.Tensor</c>.</summary>
    Tensor,
}
