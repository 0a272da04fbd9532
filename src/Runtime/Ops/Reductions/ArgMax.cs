namespace AutoDiffGen;

public sealed partial class Tensor
{
    /// <summary>The flat (row-major) index of the first largest element, as a 0-d int64 tensor (<c>torch.argmax</c>); not differentiable.</summary>
    public Tensor ArgMax()
    {
        RequireNonEmpty(nameof(ArgMax), this);
        return ArgExtremeForward(ReshapeUntracked([NumElements]), 0, keepDim: false, max: true, nameof(ArgMax)).Indices;
    }

    /// <summary>The index of the first largest element along <paramref name="dim"/>, as int64 (<c>torch.argmax(dim)</c>); not differentiable.</summary>
    public Tensor ArgMax(int dim, bool keepDim = false)
        => ArgExtremeForward(this, Shape.NormalizeAxis(dim, Rank), keepDim, max: true, nameof(ArgMax)).Indices;
}
