namespace AutoDiffGen;

public sealed partial class Tensor
{
    /// <summary>
    /// The largest element as a 0-d tensor (<c>torch.max</c>); NaN if any element is NaN. Its gradient is shared evenly among
    /// elements tied for the largest, as in PyTorch.
    /// </summary>
    public Tensor Max() => Autograd.Record(nameof(Max), ExtremeAllForward(this, max: true, nameof(Max)), this,
        static (node, grad, grads) => grads[0] = MaxBackward(grad, node.Inputs[0], node.Result));

    /// <summary>
    /// The largest along <paramref name="dim"/> and the int64 index of its first occurrence (<c>torch.max(dim)</c>). The
    /// gradient flows to the selected positions only.
    /// </summary>
    public (Tensor Values, Tensor Indices) Max(int dim, bool keepDim = false)
    {
        var axis = Shape.NormalizeAxis(dim, Rank);
        var (values, indices) = ArgExtremeForward(this, axis, keepDim, max: true, nameof(Max));
        values = Autograd.Record(nameof(Max), values, this,
            static (node, grad, grads) => grads[0] = ArgExtremeBackward(grad, node.Inputs[0], (IndexedReductionState)node.State!),
            new IndexedReductionState(axis, keepDim, indices));
        return (values, indices);
    }

    [DerivativeOf(nameof(Max))]
    internal static Tensor MaxBackward(Tensor grad, Tensor x, Tensor result) => EvenlyDistributeBackward(grad, x, result);
}
