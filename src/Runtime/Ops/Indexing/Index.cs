using AutoDiffGen.Kernels;

namespace AutoDiffGen;

public sealed partial class Tensor
{
    /// <summary>
    /// Basic indexing, as Python's <c>x[1, 1:-1, ::2, None, ...]</c>: a view sharing this tensor's storage (see
    /// <see cref="TensorIndex"/>). Integers select and remove a dimension (negative from the end; out of range is an
    /// error); slices clamp; trailing dimensions are kept whole. Differentiable: the gradient is scattered into zeros of
    /// this tensor's shape.
    /// </summary>
    /// <example><code>var inner = x[.., 1..^1]; var last = x[-1]; var everyOther = x[TensorIndex.Slice(step: 2)];</code></example>
    [System.Runtime.CompilerServices.IndexerName("Subscript")]
    public Tensor this[params TensorIndex[] indices] => Index(indices);

    /// <summary>The view <c>this[indices]</c>; see the indexer.</summary>
    public Tensor Index(params TensorIndex[] indices)
    {
        ArgumentNullException.ThrowIfNull(indices);
        var spec = SliceSpec.FromIndices(Shape, indices);
        if (spec.IsIdentity)
        {
            return this;
        }

        return Autograd.Record(nameof(Index), spec.ViewOf(this), this,
            static (node, grad, grads) => grads[0] = IndexBackward(grad, node.Inputs[0], (TensorIndex[])node.State!), indices.Clone());
    }

    [DerivativeOf(nameof(Index))]
    internal static Tensor IndexBackward(Tensor grad, Tensor x, TensorIndex[] indices) => SliceBackward(grad, SliceSpec.FromIndices(x.Shape, indices));

    /// <summary>The strided window <paramref name="spec"/> of <paramref name="x"/>, recorded as <paramref name="name"/>.</summary>
    internal static Tensor SliceView(string name, Tensor x, SliceSpec spec)
        => Autograd.Record(name, spec.ViewOf(x), x, static (node, grad, grads) => grads[0] = SliceBackward(grad, (SliceSpec)node.State!), spec);

    /// <summary>
    /// The gradient of a window: zeros of the input's shape with <paramref name="grad"/> written into the window
    /// (PyTorch's <c>slice_backward</c>). Recorded, so that second derivatives flow back through the same window.
    /// </summary>
    [DerivativeOf(nameof(SliceView))]
    internal static Tensor SliceBackward(Tensor grad, SliceSpec spec)
    {
        var result = Zeros(spec.InputShape, grad.DType);
        WriteInto(spec.ViewOf(result), grad);
        return Autograd.Record(nameof(SliceBackward), result, grad,
            static (node, gg, grads) => grads[0] = SliceView("Slice", gg, (SliceSpec)node.State!), spec);
    }

    /// <summary>Copies <paramref name="source"/>'s values into the (possibly strided) view <paramref name="destination"/> of the same shape and dtype; not recorded.</summary>
    internal static void WriteInto(Tensor destination, Tensor source)
    {
        var src = source.ContiguousUntracked();
        var dims = destination.Shape.Raw;
        switch (destination.DType)
        {
            case DType.Float32: IndexKernels.StridedWrite<float>(src.Data<float>(), destination.StorageAs<float>(), destination.Offset, destination.Strides, dims); break;
            case DType.Float64: IndexKernels.StridedWrite<double>(src.Data<double>(), destination.StorageAs<double>(), destination.Offset, destination.Strides, dims); break;
            case DType.Int64: IndexKernels.StridedWrite<long>(src.Data<long>(), destination.StorageAs<long>(), destination.Offset, destination.Strides, dims); break;
            default: IndexKernels.StridedWrite<bool>(src.Data<bool>(), destination.StorageAs<bool>(), destination.Offset, destination.Strides, dims); break;
        }
    }
}
