using AutoDiffGen.Kernels;

namespace AutoDiffGen;

public sealed partial class Tensor
{
    /// <summary>The sum of all elements, as a 0-d tensor (<c>torch.sum</c>).</summary>
    public Tensor Sum() => Sum(AllAxes(Rank), keepDim: false);

    /// <summary>The sum over dimension <paramref name="dim"/>.</summary>
    public Tensor Sum(int dim, bool keepDim = false) => Sum([dim], keepDim);

    /// <summary>The sum over <paramref name="dims"/>; with <paramref name="keepDim"/> the reduced dimensions stay as size 1.</summary>
    public Tensor Sum(int[] dims, bool keepDim = false)
    {
        RequireFloatingPoint(nameof(Sum), this);
        var axes = ReductionAxes(dims, nameof(Sum));
        var result = SumForward(this, axes, keepDim);
        return Autograd.Record(nameof(Sum), result, this,
            static (node, grad, grads) => grads[0] = SumBackward(grad, node.Inputs[0], (ReductionState)node.State!),
            new ReductionState(axes, keepDim));
    }

    internal static Tensor SumBackward(Tensor grad, Tensor x, ReductionState state)
        => (state.KeepDim ? grad : grad.Reshape(KeptShape(x.Shape, state.Axes))).Expand(x.Shape.Raw);

    // The rule the source generator composes for x.Sum() (Arity = 0: not for the overloads below, whose gradient needs dim).
    /// <summary>The rule of <c>x.Sum()</c>: <c>grad</c> (0-d) broadcast back to <c>x</c>'s shape.</summary>
    [DerivativeOf(nameof(Sum), Arity = 0)]
    public static Tensor SumBackwardAll(Tensor grad, Tensor x)
        => SumBackward(grad, x, new ReductionState(x.ReductionAxes(AllAxes(x.Rank), nameof(Sum)), false));

    /// <summary>The rule of <see cref="SumBackwardAll"/> with respect to <c>gradOutput</c> (its <c>grad</c>), for second-order code: the full sum.</summary>
    [DerivativeOf(nameof(SumBackwardAll), Wrt = "gradOutput")]
    public static Tensor SumBackwardAllBackward(Tensor grad) => grad.Sum();

    /// <summary>The rule of <see cref="SumBackwardAll"/> with respect to <c>x</c>, which gives only a shape: zero.</summary>
    [DerivativeOf(nameof(SumBackwardAll), Wrt = "x")]
    public static Tensor SumBackwardAllBackwardX(Tensor grad, Tensor x) => ZerosLike(x);

    // The rules the source generator composes for x.Sum(dim, keepDim) and x.Sum(dims, keepDim): without them a generated
    // backward would have to replay Sum on the tape, which cannot be differentiated a second time.
    /// <summary>The rule of <c>x.Sum(dim, keepDim)</c>: <c>grad</c> broadcast back over the summed dimension.</summary>
    [DerivativeOf(nameof(Sum))]
    public static Tensor SumBackwardOverDim(Tensor grad, Tensor x, int dim, bool keepDim)
        => SumBackward(grad, x, new ReductionState(x.ReductionAxes([dim], nameof(Sum)), keepDim));

    /// <summary>The rule of <c>x.Sum(dims, keepDim)</c>: <c>grad</c> broadcast back over the summed dimensions.</summary>
    [DerivativeOf(nameof(Sum))]
    public static Tensor SumBackwardOverDims(Tensor grad, Tensor x, int[] dims, bool keepDim)
        => SumBackward(grad, x, new ReductionState(x.ReductionAxes(dims, nameof(Sum)), keepDim));

    // Rules of the rules, for second-order generated code: expanding a gradient is undone by summing it (the rules'
    // grad is gradOutput here); x gives only a shape, so its gradient is zero.
    /// <summary>The rule of <see cref="SumBackwardOverDim"/> with respect to <c>gradOutput</c> (its <c>grad</c>), for second-order code: a sum.</summary>
    [DerivativeOf(nameof(SumBackwardOverDim), Wrt = "gradOutput")]
    public static Tensor SumBackwardOverDimBackward(Tensor grad, int dim, bool keepDim) => grad.Sum(dim, keepDim);

    /// <summary>The rule of <see cref="SumBackwardOverDim"/> with respect to <c>x</c>, which gives only a shape: zero.</summary>
    [DerivativeOf(nameof(SumBackwardOverDim), Wrt = "x")]
    public static Tensor SumBackwardOverDimBackwardX(Tensor grad, Tensor x) => ZerosLike(x);

    /// <summary>The rule of <see cref="SumBackwardOverDims"/> with respect to <c>gradOutput</c> (its <c>grad</c>), for second-order code: a sum.</summary>
    [DerivativeOf(nameof(SumBackwardOverDims), Wrt = "gradOutput")]
    public static Tensor SumBackwardOverDimsBackward(Tensor grad, int[] dims, bool keepDim) => grad.Sum(dims, keepDim);

    /// <summary>The rule of <see cref="SumBackwardOverDims"/> with respect to <c>x</c>, which gives only a shape: zero.</summary>
    [DerivativeOf(nameof(SumBackwardOverDims), Wrt = "x")]
    public static Tensor SumBackwardOverDimsBackwardX(Tensor grad, Tensor x) => ZerosLike(x);

    /// <summary>
    /// Sums <paramref name="grad"/> over the dimensions along which a tensor of <paramref name="shape"/> was broadcast, so
    /// the result has exactly <paramref name="shape"/> (DeZero's <c>sum_to</c>); returns <paramref name="grad"/> itself
    /// when the shapes already match. Every broadcasting op's backward goes through it.
    /// </summary>
    public static Tensor ReduceGrad(Tensor grad, Shape shape)
    {
        if (grad.Shape == shape)
        {
            return grad;
        }

        if (!shape.CanBroadcastTo(grad.Shape))
        {
            throw new ArgumentException($"ReduceGrad: a gradient of shape {grad.Shape} cannot be reduced to shape {shape}, which does not broadcast to it.");
        }

        var lead = grad.Rank - shape.Rank;
        var axes = new List<int>();
        for (var i = 0; i < grad.Rank; i++)
        {
            if (i < lead || (shape.Raw[i - lead] == 1 && grad.Shape.Raw[i] != 1))
            {
                axes.Add(i);
            }
        }

        var summed = axes.Count == 0 ? grad : grad.Sum([.. axes], keepDim: true);
        return summed.Reshape(shape.Raw);
    }

    /// <summary>
    /// The rule of <see cref="ReduceGrad"/>, so a generated pullback that reduces a broadcast gradient can itself be
    /// differentiated (<c>[Differentiable(Order = 2)]</c>): summing over broadcast dimensions is undone by broadcasting
    /// <paramref name="grad"/> back to the shape of <paramref name="gradOutput"/> (PyTorch's <c>sum_to</c> / <c>expand</c> pair).
    /// </summary>
    /// <param name="grad">The gradient of <see cref="ReduceGrad"/>'s result.</param>
    /// <param name="gradOutput">The gradient <see cref="ReduceGrad"/> reduced (its parameter <c>grad</c>).</param>
    [DerivativeOf(nameof(ReduceGrad))]
    public static Tensor ReduceGradBackward(Tensor grad, Tensor gradOutput)
        => grad.Shape == gradOutput.Shape ? grad : grad.Expand(gradOutput.Shape.ToArray());

    /// <summary>Sums <paramref name="x"/> down to <paramref name="shape"/> (the public face of <see cref="ReduceGrad"/>).</summary>
    public static Tensor SumTo(Tensor x, Shape shape) => ReduceGrad(x, shape);

    internal static Tensor SumForward(Tensor x, int[] axes, bool keepDim)
    {
        var current = x.ContiguousUntracked();
        if (axes.Length == current.Rank && current.Rank > 0 || current.Rank == 0)
        {
            var total = Empty(Shape.Scalar, x.DType);
            if (x.DType == DType.Float32)
            {
                total.Data<float>()[0] = Reductions.SumAll<float>(current.Data<float>());
            }
            else
            {
                total.Data<double>()[0] = Reductions.SumAll<double>(current.Data<double>());
            }

            return keepDim ? total.ReshapeUntracked(KeptShape(x.Shape, axes)) : total;
        }

        // Reduce one axis at a time, last first, so each step is a contiguous (outer, length, inner) block.
        for (var k = axes.Length - 1; k >= 0; k--)
        {
            var axis = axes[k];
            var dims = current.Shape.ToArray();
            var (outer, length, inner) = Split(dims, axis);
            dims[axis] = 1;
            var next = Empty(Shape.Wrap(dims), x.DType);
            if (x.DType == DType.Float32)
            {
                Reductions.Sum<float>(current.Data<float>(), outer, length, inner, next.Data<float>());
            }
            else
            {
                Reductions.Sum<double>(current.Data<double>(), outer, length, inner, next.Data<double>());
            }

            current = next;
        }

        return keepDim ? current : current.ReshapeUntracked(RemovedShape(x.Shape, axes));
    }

    /// <summary>Sizes before, along and after <paramref name="axis"/>.</summary>
    internal static (int Outer, int Length, int Inner) Split(int[] dims, int axis)
    {
        int outer = 1, inner = 1;
        for (var i = 0; i < axis; i++)
        {
            outer *= dims[i];
        }

        for (var i = axis + 1; i < dims.Length; i++)
        {
            inner *= dims[i];
        }

        return (outer, dims[axis], inner);
    }

    /// <summary>Sorted, distinct, non-negative axes; all axes when <paramref name="dims"/> is empty.</summary>
    internal static int[] NormalizeAxes(int[] dims, int rank, string op)
    {
        if (dims.Length == 0)
        {
            return AllAxes(rank);
        }

        var axes = new int[dims.Length];
        for (var i = 0; i < dims.Length; i++)
        {
            axes[i] = Shape.NormalizeAxis(dims[i], rank);
        }

        Array.Sort(axes);
        for (var i = 1; i < axes.Length; i++)
        {
            if (axes[i] == axes[i - 1])
            {
                throw new ArgumentException($"{op}: dimension {axes[i]} appears more than once in [{string.Join(", ", dims)}].");
            }
        }

        return axes;
    }

    internal static int[] AllAxes(int rank)
    {
        var axes = new int[rank];
        for (var i = 0; i < rank; i++)
        {
            axes[i] = i;
        }

        return axes;
    }

    /// <summary>The shape with the reduced axes kept as size 1.</summary>
    internal static int[] KeptShape(Shape shape, int[] axes)
    {
        var dims = shape.ToArray();
        foreach (var a in axes)
        {
            dims[a] = 1;
        }

        return dims;
    }

    /// <summary>The shape with the reduced axes removed.</summary>
    internal static int[] RemovedShape(Shape shape, int[] axes)
    {
        var dims = new List<int>();
        for (var i = 0; i < shape.Rank; i++)
        {
            if (Array.IndexOf(axes, i) < 0)
            {
                dims.Add(shape.Raw[i]);
            }
        }

        return [.. dims];
    }

    /// <summary>A contiguous tensor's data under a new shape, never recorded.</summary>
    internal Tensor ReshapeUntracked(int[] dims)
    {
        var source = ContiguousUntracked();
        var shape = Shape.Wrap(dims);
        return new Tensor(source.Storage, shape, shape.ContiguousStrides(), source.Offset);
    }

    /// <summary>What a reduction's backward needs to know: which axes, and whether they were kept.</summary>
    internal sealed record ReductionState(int[] Axes, bool KeepDim);
}
