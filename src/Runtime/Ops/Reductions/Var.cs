namespace AutoDiffGen;

public sealed partial class Tensor
{
    /// <summary>
    /// The variance of all elements (<c>torch.var</c>); <paramref name="unbiased"/> divides by N − 1 (PyTorch's
    /// correction = 1, the default), otherwise by N.
    /// </summary>
    public Tensor Var(bool unbiased = true) => Var(AllAxes(Rank), unbiased, keepDim: false);

    /// <summary>The variance over dimension <paramref name="dim"/>; see <see cref="Var(int[], bool, bool)"/>.</summary>
    public Tensor Var(int dim, bool unbiased = true, bool keepDim = false) => Var([dim], unbiased, keepDim);

    /// <summary>
    /// The variance over <paramref name="dims"/> (all when empty): Σ(x − mean)² / (N − 1) when <paramref name="unbiased"/>,
    /// else / N. With N − 1 = 0 the result is NaN (or ∞), as in PyTorch.
    /// </summary>
    /// <remarks>Two-pass (subtract the mean first) for accuracy; composed from differentiable ops.</remarks>
    public Tensor Var(int[] dims, bool unbiased = true, bool keepDim = false)
    {
        RequireFloatingPoint(nameof(Var), this);
        var axes = NormalizeAxes(dims, Rank, nameof(Var));
        var divisor = Math.Max(ReducedCount(Shape, axes) - (unbiased ? 1 : 0), 0);
        var centered = this - Mean(axes, keepDim: true);
        return (centered * centered).Sum(axes, keepDim) / divisor;
    }
}
