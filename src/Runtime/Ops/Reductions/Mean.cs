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
        var axes = NormalizeAxes(dims, Rank, nameof(Mean));
        return Sum(axes, keepDim) / ReducedCount(Shape, axes);
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
