using AutoDiffGen.Kernels;

namespace AutoDiffGen;

public sealed partial class Tensor
{
    /// <summary>The mean of all elements, as a 0-d tensor (<c>torch.mean</c>); NaN for an empty tensor.</summary>
    public Tensor Mean() => Mean(AllAxes(Rank), keepDim: false);

    /// <summary>The mean over dimension <paramref name="dim"/>.</summary>
    public Tensor Mean(int dim, bool keepDim = false) => Mean([dim], keepDim);

    /// <summary>The mean over <paramref name="dims"/> (all when empty); with <paramref name="keepDim"/> the reduced dimensions stay as size 1.</summary>
    public Tensor Mean(int[] dims, bool keepDim = false)
    {
        RequireFloatingPoint(nameof(Mean), this);
        var axes = ReductionAxes(dims, nameof(Mean));
        var sum = SumForward(this, axes, keepDim);
        var result = BinaryForward<DivideOperator>(nameof(Mean), sum, ScalarLike(ReducedCount(Shape, axes), sum));
        return Autograd.Record(nameof(Mean), result, this,
            static (node, grad, grads) => grads[0] = MeanBackward(grad, node.Inputs[0], (ReductionState)node.State!),
            new ReductionState(axes, keepDim));
    }

    // The rule the source generator composes for x.Mean() (Arity = 0: not for the overloads below, whose gradient needs dim).
    /// <summary>The rule of <c>x.Mean()</c>: <c>grad</c> (0-d) spread evenly back over every element of <c>x</c>.</summary>
    [DerivativeOf(nameof(Mean), Arity = 0)]
    public static Tensor MeanBackwardAll(Tensor grad, Tensor x)
        => MeanBackward(grad, x, new ReductionState(x.ReductionAxes(AllAxes(x.Rank), nameof(Mean)), false));

    /// <summary>The rule of <see cref="MeanBackwardAll"/> with respect to <c>gradOutput</c> (its <c>grad</c>), for second-order code: the full mean.</summary>
    [DerivativeOf(nameof(MeanBackwardAll), Wrt = "gradOutput")]
    public static Tensor MeanBackwardAllBackward(Tensor grad) => grad.Mean();

    /// <summary>The rule of <see cref="MeanBackwardAll"/> with respect to <c>x</c>, which gives only a shape: zero.</summary>
    [DerivativeOf(nameof(MeanBackwardAll), Wrt = "x")]
    public static Tensor MeanBackwardAllBackwardX(Tensor grad, Tensor x) => ZerosLike(x);

    // Rules the source generator composes for x.Mean(dim, keepDim) and x.Mean(dims, keepDim) (no tape replay).
    /// <summary>The rule of <c>x.Mean(dim, keepDim)</c>: <c>grad</c> spread evenly back over the averaged dimension.</summary>
    [DerivativeOf(nameof(Mean))]
    public static Tensor MeanBackwardOverDim(Tensor grad, Tensor x, int dim, bool keepDim)
        => MeanBackward(grad, x, new ReductionState(x.ReductionAxes([dim], nameof(Mean)), keepDim));

    /// <summary>The rule of <c>x.Mean(dims, keepDim)</c>: <c>grad</c> spread evenly back over the averaged dimensions.</summary>
    [DerivativeOf(nameof(Mean))]
    public static Tensor MeanBackwardOverDims(Tensor grad, Tensor x, int[] dims, bool keepDim)
        => MeanBackward(grad, x, new ReductionState(x.ReductionAxes(dims, nameof(Mean)), keepDim));

    // Rules of the rules, for second-order generated code: spreading a gradient evenly is undone by averaging it (the
    // rules' grad is gradOutput here); x gives only a shape, so its gradient is zero.
    /// <summary>The rule of <see cref="MeanBackwardOverDim"/> with respect to <c>gradOutput</c> (its <c>grad</c>), for second-order code: a mean.</summary>
    [DerivativeOf(nameof(MeanBackwardOverDim), Wrt = "gradOutput")]
    public static Tensor MeanBackwardOverDimBackward(Tensor grad, int dim, bool keepDim) => grad.Mean(dim, keepDim);

    /// <summary>The rule of <see cref="MeanBackwardOverDim"/> with respect to <c>x</c>, which gives only a shape: zero.</summary>
    [DerivativeOf(nameof(MeanBackwardOverDim), Wrt = "x")]
    public static Tensor MeanBackwardOverDimBackwardX(Tensor grad, Tensor x) => ZerosLike(x);

    /// <summary>The rule of <see cref="MeanBackwardOverDims"/> with respect to <c>gradOutput</c> (its <c>grad</c>), for second-order code: a mean.</summary>
    [DerivativeOf(nameof(MeanBackwardOverDims), Wrt = "gradOutput")]
    public static Tensor MeanBackwardOverDimsBackward(Tensor grad, int[] dims, bool keepDim) => grad.Mean(dims, keepDim);

    /// <summary>The rule of <see cref="MeanBackwardOverDims"/> with respect to <c>x</c>, which gives only a shape: zero.</summary>
    [DerivativeOf(nameof(MeanBackwardOverDims), Wrt = "x")]
    public static Tensor MeanBackwardOverDimsBackwardX(Tensor grad, Tensor x) => ZerosLike(x);

    internal static Tensor MeanBackward(Tensor grad, Tensor x, ReductionState state)
        => SumBackward(grad, x, state) / ReducedCount(x.Shape, state.Axes);

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
