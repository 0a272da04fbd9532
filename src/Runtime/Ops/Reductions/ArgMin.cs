namespace AutoDiffGen;

public sealed partial class Tensor
{
    /// <summary>The flat (row-major) index of the first smallest element, as a 0-d int64 tensor (<c>torch.argmin</c>); not differentiable.</summary>
    public Tensor ArgMin()
    {
        RequireNonEmpty(nameof(ArgMin), this);
        return ArgExtremeForward(ReshapeUntracked([NumElements]), 0, keepDim: false, max: false, nameof(ArgMin)).Indices;
    }

    /// <summary>The index of the first smallest element along <paramref name="dim"/>, as int64 (<c>torch.argmin(dim)</c>); not differentiable.</summary>
    public Tensor ArgMin(int dim, bool keepDim = false)
        => ArgExtremeForward(this, Shape.NormalizeAxis(dim, Rank), keepDim, max: false, nameof(ArgMin)).Indices;
}
