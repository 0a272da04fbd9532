namespace AutoDiffGen;

public sealed partial class Tensor
{
    /// <summary>The mean of all elements, as a 0-d tensor (<c>torch.mean</c>); NaN for an empty tensor.</summary>
    public Tensor Mean() => Mean(AllAxes(Rank), keepDim: false);

    /// <summary>The mean over dimension <paramref name="dim"/>.</summary>
    public Tensor Mean(int dim, bool keepDim = false) => Mean([dim], keepDim);

    /// <summary>The mean over <paramref name="dims"/> (all when empty); with <paramref name="keepDim"/> the reduced dimensions stay as size 1.</summary>
    /// <remarks>Composed from <see cref="Sum(int[], bool)"/> and a division, so its gradient comes from theirs.</remarks>
    public Tensor Mean(int[] dims, bool keepDim = false)
    {
        RequireFloatingPoint(nameof(Mean), this);
        var axes = ReductionAxes(dims, nameof(Mean));
        return Sum(axes, keepDim) / ReducedCount(Shape, axes);
    }

    /// <summary>
    /// The sorted axes a reduction over <paramref name="dims"/> covers; none for a 0-d tensor, whose only valid dims
    /// (0 and −1) name its single element, as in PyTorch.
    /// </summary>
    internal int[] ReductionAxes(int[] dims, string op)
    {
        var axes = NormalizeAxes(dims, Rank, op);
        return Rank == 0 ? [] : axes;
    }

    /// <summary>How many elements each output of a reduction over <paramref name="axes"/> combines.</summary>
    internal static int ReducedCount(Shape shape, int[] axes)
    {
        var count = 1;
        foreach (var axis in axes)
        {
            count *= shape.Raw[axis];
        }

        return count;
    }
}
