using System.Numerics.Tensors;
using AutoDiffGen.Kernels;

namespace AutoDiffGen;

/// <summary>Forward and backward plumbing shared by Max, Min, ArgMax, ArgMin and LogSumExp.</summary>
public sealed partial class Tensor
{
    /// <summary>The largest (or smallest) element as a 0-d tensor, NaN if any element is NaN; never recorded.</summary>
    internal static Tensor ExtremeAllForward(Tensor x, bool max, string op)
    {
        RequireFloatingPoint(op, x);
        RequireNonEmpty(op, x);
        var source = x.ContiguousUntracked();
        var result = Empty(Shape.Scalar, x.DType);
        if (x.DType == DType.Float32)
        {
            var data = source.Data<float>();
            result.Data<float>()[0] = max ? TensorPrimitives.Max(data) : TensorPrimitives.Min(data);
        }
        else
        {
            var data = source.Data<double>();
            result.Data<double>()[0] = max ? TensorPrimitives.Max(data) : TensorPrimitives.Min(data);
        }

        return result;
    }

    /// <summary>
    /// Max (or min) values along <paramref name="axis"/> and the int64 index of each one's first occurrence (a NaN counts
    /// as the extreme); never recorded. A 0-d tensor reduces over its single element.
    /// </summary>
    internal static (Tensor Values, Tensor Indices) ArgExtremeForward(Tensor x, int axis, bool keepDim, bool max, string op)
    {
        RequireFloatingPoint(op, x);
        var dims = x.Rank == 0 ? [1] : x.Shape.ToArray();
        if (dims[axis] == 0)
        {
            throw new ArgumentException($"{op}: cannot reduce over dimension {axis} of size 0 (shape {x.Shape}); the result would have no value to pick.");
        }

        var (outer, length, inner) = Split(dims, axis);
        var outShape = x.Rank == 0 ? Shape.Scalar : Shape.Wrap(keepDim ? KeptShape(x.Shape, [axis]) : RemovedShape(x.Shape, [axis]));
        var values = Empty(outShape, x.DType);
        var indices = Empty(outShape, DType.Int64);
        var source = x.ContiguousUntracked();
        if (x.DType == DType.Float32)
        {
            Reductions.ArgExtreme<float>(source.Data<float>(), outer, length, inner, max, values.Data<float>(), indices.Data<long>());
        }
        else
        {
            Reductions.ArgExtreme<double>(source.Data<double>(), outer, length, inner, max, values.Data<double>(), indices.Data<long>());
        }

        return (values, indices);
    }

    /// <summary>Max (or min) values over several axes at once (PyTorch's amax/amin), one axis at a time; never recorded.</summary>
    internal static Tensor ExtremeValuesForward(Tensor x, int[] axes, bool keepDim, bool max)
    {
        var current = x.ContiguousUntracked();
        for (var k = axes.Length - 1; k >= 0; k--)
        {
            var dims = current.Shape.ToArray();
            var (outer, length, inner) = Split(dims, axes[k]);
            dims[axes[k]] = 1;
            var next = Empty(Shape.Wrap(dims), x.DType);
            if (x.DType == DType.Float32)
            {
                ExtremeReductions.Extreme<float>(current.Data<float>(), outer, length, inner, max, next.Data<float>());
            }
            else
            {
                ExtremeReductions.Extreme<double>(current.Data<double>(), outer, length, inner, max, next.Data<double>());
            }

            current = next;
        }

        return keepDim ? current : current.ReshapeUntracked(RemovedShape(x.Shape, axes));
    }

    /// <summary>
    /// The gradient of a whole-tensor max or min: <paramref name="grad"/> shared evenly among the elements equal to the
    /// result (all the NaNs when the result is NaN), as PyTorch's <c>evenly_distribute_backward</c>.
    /// </summary>
    internal static Tensor EvenlyDistributeBackward(Tensor grad, Tensor x, Tensor result)
    {
        var winners = double.IsNaN(result.ItemAsDouble()) ? Ne(x, x) : Eq(x, result);
        var weights = MaskAsFloat(winners, x.DType);
        var count = weights.DType == DType.Float32 ? TensorPrimitives.Sum<float>(weights.Data<float>()) : TensorPrimitives.Sum<double>(weights.Data<double>());
        using (Autograd.NoGrad())
        {
            weights = weights / count;
        }

        return grad * weights;
    }

    /// <summary>
    /// The gradient of a max or min along one axis: <paramref name="grad"/> placed at the selected positions, zero
    /// elsewhere. Written as grad × a constant one-hot mask, so it is itself differentiable in grad.
    /// </summary>
    internal static Tensor ArgExtremeBackward(Tensor grad, Tensor x, IndexedReductionState state)
    {
        var kept = state.KeepDim || x.Rank == 0 ? grad : grad.Reshape(KeptShape(x.Shape, [state.Axis]));
        return kept * OneHotAlong(state.Indices, x.Shape, state.Axis, x.DType);
    }

    /// <summary>A tensor of <paramref name="shape"/> with 1 at index <paramref name="indices"/>[o, i] along <paramref name="axis"/> and 0 elsewhere.</summary>
    private static Tensor OneHotAlong(Tensor indices, Shape shape, int axis, DType dtype)
    {
        var dims = shape.Rank == 0 ? [1] : shape.ToArray();
        var (outer, length, inner) = Split(dims, axis);
        var mask = Zeros(shape, dtype);
        var index = indices.ContiguousUntracked().Data<long>();
        for (var o = 0; o < outer; o++)
        {
            for (var i = 0; i < inner; i++)
            {
                mask.SetFlat((int)(o * length * inner + index[o * inner + i] * inner + i), 1.0);
            }
        }

        return mask;
    }

    private static void RequireNonEmpty(string op, Tensor x)
    {
        if (x.NumElements == 0)
        {
            throw new ArgumentException($"{op}: the tensor is empty (shape {x.Shape}); reduce over a dimension of nonzero size instead.");
        }
    }

    /// <summary>What a max/min-along-a-dimension backward needs: the axis, whether it was kept, and the chosen indices.</summary>
    internal sealed record IndexedReductionState(int Axis, bool KeepDim, Tensor Indices);
}
