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
    /// <remarks>Two-pass (subtract the mean first) for accuracy.</remarks>
    public Tensor Var(int[] dims, bool unbiased = true, bool keepDim = false)
    {
        RequireFloatingPoint(nameof(Var), this);
        var axes = ReductionAxes(dims, nameof(Var));
        var state = new VarianceState(axes, keepDim, Math.Max(ReducedCount(Shape, axes) - (unbiased ? 1 : 0), 0));
        Tensor result;
        using (Autograd.NoGrad())
        {
            var centered = this - Mean(axes, keepDim: true);
            result = (centered * centered).Sum(axes, keepDim) / state.Divisor;
        }

        return Autograd.Record(nameof(Var), result, this,
            static (node, grad, grads) => grads[0] = VarBackward(grad, node.Inputs[0], (VarianceState)node.State!), state);
    }

    // NOTE: d/dx Σ(x − mean)² = 2(x − mean): the mean's own dependence on x sums to zero, so it needs no term.
    internal static Tensor VarBackward(Tensor grad, Tensor x, VarianceState state)
    {
        var kept = state.KeepDim || x.Rank == 0 ? grad : grad.Reshape(KeptShape(x.Shape, state.Axes));
        return kept * (x - x.Mean(state.Axes, keepDim: true)) * (2.0 / state.Divisor);
    }

    /// <summary>What the variance backward needs: the reduced axes, whether they were kept, and N − correction.</summary>
    internal sealed record VarianceState(int[] Axes, bool KeepDim, int Divisor);
}
