namespace AutoDiffGen;

/// <summary>The kinds of <see cref="TensorIndex"/> entry.</summary>
internal enum TensorIndexKind
{
    /// <summary>An integer position: selects and removes the dimension.</summary>
    Single,

    /// <summary>A start:stop:step range.</summary>
    Slice,

    /// <summary>A new dimension of size 1.</summary>
    NewAxis,

    /// <summary>Full slices for every dimension not otherwise indexed.</summary>
    Ellipsis,

    /// <summary>An int64 tensor of positions or a bool mask (advanced indexing).</summary>
    Tensor,
}
