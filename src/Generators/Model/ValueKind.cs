namespace AutoDiffGen.Generators.Model;

/// <summary>What the generator knows about a value's type: the differentiable kinds, and everything else.</summary>
internal enum ValueKind
{
    /// <summary>Not differentiable: int axes, bool conditions, shapes, arrays.</summary>
    Other,

    /// <summary><c>double</c>.</summary>
    Double,

    /// <summary><c>float</c>.</summary>
    Single,

    /// <summary><c>AutoDiffGen.Tensor</c>.</summary>
    Tensor,
}
