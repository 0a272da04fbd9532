namespace AutoDiffGen;

public sealed partial class Tensor
{
    /// <summary>
    /// The smallest element as a 0-d tensor (<c>torch.min</c>); NaN if any element is NaN. Its gradient is shared evenly among
    /// elements tied for the smallest, as in PyTorch.
    /// </summary>
    public Tensor Min() => Autograd.Record(nameof(Min), ExtremeAllForward(this, max: false, nameof(Min)), this,
        static (node, grad, grads) => grads[0] = MinBackward(grad, node.Inputs[0], node.Result));

    /// <summary>
    /// The smallest along <paramref name="dim"/> and the int64 index of its first occurrence (<c>torch.min(dim)</c>). The
    /// gradient flows to the selected positions only.
    /// </summary>
    public (Tensor Values, Tensor Indices) Min(int dim, bool keepDim = false)
    {
        var axis = Shape.NormalizeAxis(dim, Rank);
        var (values, indices) = ArgExtremeForward(this, axis, keepDim, max: false, nameof(Min));
        values = Autograd.Record(nameof(Min), values, this,
            static (node, grad, grads) => grads[0] = ArgExtremeBackward(grad, node.Inputs[0], (IndexedReductionState)node.State!),
            new IndexedReductionState(axis, keepDim, indices));
        return (values, indices);
    }

    [DerivativeOf(nameof(Min))]
    internal static Tensor MinBackward(Tensor grad, Tensor x, Tensor result) => EvenlyDistributeBackward(grad, x, result);
}
