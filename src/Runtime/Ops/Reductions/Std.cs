namespace AutoDiffGen;

public sealed partial class Tensor
{
    /// <summary>The standard deviation of all elements, √<see cref="Var(bool)"/> (<c>torch.std</c>).</summary>
    public Tensor Std(bool unbiased = true) => Sqrt(Var(unbiased));

    /// <summary>The standard deviation over dimension <paramref name="dim"/>; see <see cref="Var(int[], bool, bool)"/>.</summary>
    public Tensor Std(int dim, bool unbiased = true, bool keepDim = false) => Sqrt(Var(dim, unbiased, keepDim));

    /// <summary>The standard deviation over <paramref name="dims"/> (all when empty); see <see cref="Var(int[], bool, bool)"/>.</summary>
    public Tensor Std(int[] dims, bool unbiased = true, bool keepDim = false) => Sqrt(Var(dims, unbiased, keepDim));
}
