using AutoDiffGen.Kernels;

namespace AutoDiffGen;

public sealed partial class Tensor
{
    /// <summary>
    /// Indexing as Python's <c>x[1, 1:-1, ::2, None, ...]</c> (see <see cref="TensorIndex"/>). Basic indexing returns a
    /// view sharing this tensor's storage: integers select and remove a dimension (negative from the end; out of range is
    /// an error), slices clamp, trailing dimensions are kept whole. An int64 or bool tensor entry makes it advanced
    /// indexing, which returns a copy; several tensor entries broadcast together and pick elements pointwise, as in
    /// PyTorch (<c>x[rows, cols]</c>). Differentiable: the gradient is scattered into zeros of this tensor's shape.
    /// Assigning (<c>x[0, 1..] = values</c>) writes <c>values</c>, broadcast and converted to this dtype, into the selected
    /// elements in place (PyTorch's <c>x[0, 1:] = values</c>); like every in-place update it is not recorded, so on
    /// tensors that require grad it needs a <see cref="Autograd.NoGrad"/> scope. Assignment takes tensor entries too
    /// (<c>x[mask] = 0</c>).
    /// </summary>
    /// <example><code>var inner = x[.., 1..^1]; var last = x[-1]; var everyOther = x[TensorIndex.Slice(step: 2)];</code></example>
    [System.Runtime.CompilerServices.IndexerName("Subscript")]
    public Tensor this[params TensorIndex[] indices]
    {
        get => Index(indices);
        set => IndexPut_(indices, value);
    }

    /// <summary>The result of <c>this[indices]</c>; see the indexer and <see cref="TensorIndex"/>.</summary>
    public Tensor Index(params TensorIndex[] indices)
    {
        ArgumentNullException.ThrowIfNull(indices);
        var tensorAt = -1;
        var tensors = 0;
        for (var i = 0; i < indices.Length; i++)
        {
            if (indices[i].Kind == TensorIndexKind.Tensor)
            {
                tensorAt = i;
                tensors++;
            }
        }

        return tensors switch
        {
            0 => BasicIndex(indices),
            1 => AdvancedIndex(indices, tensorAt),
            _ => MultiAdvancedIndex(indices),
        };
    }

    /// <summary>
    /// Writes <paramref name="values"/>, broadcast to the selection and converted to this dtype, into the elements that
    /// <c>this[indices]</c> selects, in place; returns this tensor (PyTorch's <c>index_put_</c>: <c>x[mask] = 0</c>,
    /// <c>x[rows, cols] = v</c>). Where tensor indices repeat a position, the last value written wins.
    /// </summary>
    public Tensor IndexPut_(TensorIndex[] indices, Tensor values)
    {
        ArgumentNullException.ThrowIfNull(indices);
        ArgumentNullException.ThrowIfNull(values);
        CheckInPlaceAllowed("Index assignment");
        if (indices.Any(i => i.Kind == TensorIndexKind.Tensor))
        {
            AdvancedIndexPut(indices, values);
            TensorVersions.Bump(Storage);
            return this;
        }

        var target = SliceSpec.FromIndices(Shape, indices).ViewOf(this);
        if (!values.Shape.CanBroadcastTo(target.Shape))
        {
            throw new ArgumentException($"Index assignment: values of shape {values.Shape} cannot be broadcast to the selection of shape {target.Shape} (tensor of shape {Shape}, indices [{string.Join(", ", indices)}]).", nameof(values));
        }

        using (Autograd.NoGrad())
        {
            var source = values.To(DType);
            if (ReferenceEquals(source.RawStorage, RawStorage))
            {
                // x[1..] = x[..^1]: read everything before writing anything.
                source = source.CopyUntracked();
            }

            WriteInto(target, new Tensor(source.Storage, target.Shape, source.BroadcastStrides(target.Shape), source.Offset));
        }

        TensorVersions.Bump(Storage);
        return this;
    }

    /// <summary>Writes <paramref name="value"/> into the elements that <c>this[indices]</c> selects, in place; returns this tensor.</summary>
    public Tensor IndexPut_(TensorIndex[] indices, double value) => IndexPut_(indices, Scalar(value, DType));

    /// <summary>Integers, slices, new axes and ellipses: a view.</summary>
    private Tensor BasicIndex(TensorIndex[] indices)
    {
        var spec = SliceSpec.FromIndices(Shape, indices);
        if (spec.IsIdentity)
        {
            return this;
        }

        return Autograd.Record(nameof(Index), spec.ViewOf(this), this,
            static (node, grad, grads) => grads[0] = IndexBackward(grad, node.Inputs[0], (TensorIndex[])node.State!), indices.Clone());
    }

    /// <summary>
    /// One tensor entry among basic ones: the basic entries make a view (the tensor entry standing for full slices of
    /// the dimensions it indexes), then an <see cref="IndexSelect(int, Tensor)"/> picks the positions, so both parts are differentiable.
    /// </summary>
    private Tensor AdvancedIndex(TensorIndex[] indices, int at)
    {
        var index = indices[at].Tensor!;
        var basic = new List<TensorIndex>(indices.Length + index.Rank);
        if (index.DType == DType.Int64 && index.Rank == 0)
        {
            // A 0-d position acts as a plain integer, as in PyTorch.
            var clone = (TensorIndex[])indices.Clone();
            clone[at] = TensorIndex.Single((int)Math.Clamp(index.Item<long>(), int.MinValue, int.MaxValue));
            return BasicIndex(clone);
        }

        if (index.Rank == 0)
        {
            throw new NotSupportedException($"Index: a 0-dim bool index is not supported (in [{string.Join(", ", indices)}]).");
        }

        var covered = index.DType == DType.Bool ? index.Rank : 1;
        for (var i = 0; i < indices.Length; i++)
        {
            if (i != at)
            {
                basic.Add(indices[i]);
                continue;
            }

            for (var k = 0; k < covered; k++)
            {
                basic.Add(TensorIndex.All);
            }
        }

        var view = BasicIndex([.. basic]);

        // Where the indexed dimensions sit: in this tensor (for messages) and in the view (to select along).
        var consuming = basic.Count(b => b.Kind is TensorIndexKind.Single or TensorIndexKind.Slice);
        int inputDim = 0, outputDim = 0;
        for (var i = 0; i < at; i++)
        {
            var kind = indices[i].Kind;
            inputDim += kind switch { TensorIndexKind.Single or TensorIndexKind.Slice => 1, TensorIndexKind.Ellipsis => Rank - consuming, _ => 0 };
            outputDim += kind switch { TensorIndexKind.Slice or TensorIndexKind.NewAxis => 1, TensorIndexKind.Ellipsis => Rank - consuming, _ => 0 };
        }

        var viewDims = view.Shape.Raw;
        if (index.DType == DType.Int64)
        {
            var positions = CheckedPositions(index, inputDim);
            var selected = view.IndexSelect(outputDim, FromArray(positions));
            if (index.Rank == 1)
            {
                return selected;
            }

            int[] dims = [.. viewDims[..outputDim], .. index.Shape.Raw, .. viewDims[(outputDim + 1)..]];
            return selected.Reshape(dims);
        }

        if (!viewDims.AsSpan(outputDim, covered).SequenceEqual(index.Shape.Raw))
        {
            throw new ArgumentException(
                $"Index: the mask of shape {index.Shape} does not match the {covered} dimension(s) it indexes, starting at dimension {inputDim} of shape {Shape}.");
        }

        var merged = view;
        if (covered > 1)
        {
            int[] dims = [.. viewDims[..outputDim], index.NumElements, .. viewDims[(outputDim + covered)..]];
            merged = view.Reshape(dims);
        }

        var mask = index.ToArray<bool>();
        var kept = new List<long>();
        for (var k = 0; k < mask.Length; k++)
        {
            if (mask[k])
            {
                kept.Add(k);
            }
        }

        return merged.IndexSelect(outputDim, FromArray(kept.ToArray()));
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
