namespace AutoDiffGen;

public sealed partial class Tensor
{
    /// <summary>The maximum over dimension <paramref name="dim"/>, values only; see <see cref="Amax(int[], bool)"/>.</summary>
    public Tensor Amax(int dim, bool keepDim = false) => Amax([dim], keepDim);

    /// <summary>
    /// The maximum over <paramref name="dims"/> (all when empty), values only, NaN-propagating (<c>torch.amax</c>). The
    /// gradient is shared evenly among the elements tied for the maximum within each reduced slice.
    /// </summary>
    public Tensor Amax(int[] dims, bool keepDim = false) => ExtremeOverDims(nameof(Amax), this, dims, keepDim, max: true);

    /// <summary>The minimum over dimension <paramref name="dim"/>, values only; see <see cref="Amin(int[], bool)"/>.</summary>
    public Tensor Amin(int dim, bool keepDim = false) => Amin([dim], keepDim);

    /// <summary>
    /// The minimum over <paramref name="dims"/> (all when empty), values only, NaN-propagating (<c>torch.amin</c>). The
    /// gradient is shared evenly among the elements tied for the minimum within each reduced slice.
    /// </summary>
    public Tensor Amin(int[] dims, bool keepDim = false) => ExtremeOverDims(nameof(Amin), this, dims, keepDim, max: false);

    private static Tensor ExtremeOverDims(string op, Tensor x, int[] dims, bool keepDim, bool max)
    {
        RequireFloatingPoint(op, x);
        var axes = x.ReductionAxes(dims, op);
        foreach (var axis in axes)
        {
            if (x.Shape.Raw[axis] == 0)
            {
                throw new ArgumentException($"{op}: cannot reduce over dimension {axis} of size 0 (shape {x.Shape}); the result would have no value to pick.");
            }
        }

        var result = ExtremeValuesForward(x, axes, keepDim, max);
        if (ReferenceEquals(result, x))
        {
            // A 0-d input is its own extreme; record on a copy so the input itself never gets a GradFn.
            result = x.CopyUntracked();
        }

        return Autograd.Record(op, result, x,
            static (node, grad, grads) => grads[0] = AmaxBackward(grad, node.Inputs[0], node.Result, (ReductionState)node.State!),
            new ReductionState(axes, keepDim));
    }

    /// <summary>Shares the gradient evenly among the elements equal to the result within each reduced slice (also Amin's).</summary>
    internal static Tensor AmaxBackward(Tensor grad, Tensor x, Tensor result, ReductionState state)
    {
        var keep = !state.KeepDim && x.Rank > 0;
        var (g, r) = keep ? (grad.Reshape(KeptShape(x.Shape, state.Axes)), result.Reshape(KeptShape(x.Shape, state.Axes))) : (grad, result);
        Tensor weights;
        using (Autograd.NoGrad())
        {
            var winners = MaskAsFloat(Eq(x, r), x.DType);
            weights = winners / winners.Sum(state.Axes, keepDim: true);
        }

        return g * weights;
    }
}
