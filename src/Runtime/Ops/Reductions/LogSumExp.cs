namespace AutoDiffGen;

public sealed partial class Tensor
{
    /// <summary>log Σ eˣ over all elements, as a 0-d tensor, computed stably (<c>torch.logsumexp</c>).</summary>
    public Tensor LogSumExp() => LogSumExp(AllAxes(Rank), keepDim: false);

    /// <summary>log Σ eˣ over dimension <paramref name="dim"/>; see <see cref="LogSumExp(int[], bool)"/>.</summary>
    public Tensor LogSumExp(int dim, bool keepDim = false) => LogSumExp([dim], keepDim);

    /// <summary>
    /// log Σ eˣ over <paramref name="dims"/> (all when empty), computed as m + log Σ e^(x − m) with m the max, so large
    /// inputs do not overflow (<c>torch.logsumexp</c>). −∞ over an empty dimension. The gradient is softmax(x).
    /// </summary>
    public Tensor LogSumExp(int[] dims, bool keepDim = false)
    {
        RequireFloatingPoint(nameof(LogSumExp), this);
        var axes = ReductionAxes(dims, nameof(LogSumExp));
        var result = LogSumExpForward(this, axes, keepDim);
        return Autograd.Record(nameof(LogSumExp), result, this,
            static (node, grad, grads) => grads[0] = LogSumExpBackward(grad, node.Inputs[0], node.Result, (ReductionState)node.State!),
            new ReductionState(axes, keepDim));
    }

    internal static Tensor LogSumExpBackward(Tensor grad, Tensor x, Tensor result, ReductionState state)
    {
        var (g, r) = state.KeepDim || x.Rank == 0
            ? (grad, result)
            : (grad.Reshape(KeptShape(x.Shape, state.Axes)), result.Reshape(KeptShape(x.Shape, state.Axes)));
        return g * Exp(x - r);
    }

    private static Tensor LogSumExpForward(Tensor x, int[] axes, bool keepDim)
    {
        var outDims = keepDim ? KeptShape(x.Shape, axes) : RemovedShape(x.Shape, axes);
        if (ReducedCount(x.Shape, axes) == 0)
        {
            return Full(Shape.Wrap(outDims), double.NegativeInfinity, x.DType);
        }

        using (Autograd.NoGrad())
        {
            var max = ExtremeValuesForward(x, axes, keepDim: true, max: true);

            // NOTE: an infinite max would make x − max NaN (∞ − ∞); shifting by 0 there gives the right ±∞, as PyTorch does.
            max = Where(Eq(Abs(max), double.PositiveInfinity), 0.0, max);
            var sum = (x - max).Exp().Sum(axes, keepDim: true).Log() + max;
            return sum.ReshapeUntracked(outDims);
        }
    }
}
