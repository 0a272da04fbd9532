namespace AutoDiffGen.Distributed;

/// <summary>How <see cref="ProcessGroup.AllReduce"/> combines the ranks' tensors (PyTorch's <c>torch.distributed.ReduceOp</c>).</summary>
public enum ReduceOp
{
    /// <summary>Elementwise sum.</summary>
    Sum,

    /// <summary>Elementwise mean over the ranks: the sum, then divided by the world size (MPI has no mean).</summary>
    Average,

    /// <summary>Elementwise product.</summary>
    Product,

    /// <summary>Elementwise minimum.</summary>
    Min,

    /// <summary>Elementwise maximum.</summary>
    Max,
}
