namespace AutoDiffGen;

/// <summary>
/// A strided window of a tensor of shape <see cref="InputShape"/>: where it starts along each input dimension, and,
/// per output dimension, which input dimension it walks (−1 for an inserted size-1 axis) and by what step. Every
/// basic-indexing view (<c>x[...]</c>, <c>Narrow</c>, <c>Select</c>, the pieces of <c>Split</c>) is one of these, so
/// they share one forward (<see cref="Tensor.SliceView"/>) and one backward (<see cref="Tensor.SliceBackward"/>).
/// </summary>
internal sealed class SliceSpec
{
    /// <summary>Creates a spec; the caller has checked that every start and extent lies within <paramref name="inputShape"/>.</summary>
    public SliceSpec(Shape inputShape, int[] starts, int[] outputDims, int[] sourceDims, int[] steps)
    {
        InputShape = inputShape;
        Starts = starts;
        OutputShape = Shape.Wrap(outputDims);
        SourceDims = sourceDims;
        Steps = steps;
    }

    /// <summary>The shape of the tensor being sliced.</summary>
    public Shape InputShape { get; }

    /// <summary>First position along each input dimension.</summary>
    public int[] Starts { get; }

    /// <summary>The shape of the window.</summary>
    public Shape OutputShape { get; }

    /// <summary>For each output dimension, the input dimension it walks, or −1 for a new size-1 axis.</summary>
    public int[] SourceDims { get; }

    /// <summary>For each output dimension, the step along its input dimension.</summary>
    public int[] Steps { get; }

    /// <summary>True when the window is the whole tensor, unchanged.</summary>
    public bool IsIdentity
    {
        get
        {
            if (OutputShape != InputShape || SourceDims.Length != InputShape.Rank)
            {
                return false;
            }

            for (var k = 0; k < SourceDims.Length; k++)
            {
                if (SourceDims[k] != k || Steps[k] != 1 || Starts[k] != 0)
                {
                    return false;
                }
            }

            return true;
        }
    }

    /// <summary>The window as a view over <paramref name="t"/>'s storage (not recorded); <paramref name="t"/> has <see cref="InputShape"/>.</summary>
    public Tensor ViewOf(Tensor t)
    {
        var dims = OutputShape.Raw;
        var strides = new int[dims.Length];
        for (var k = dims.Length - 1; k >= 0; k--)
        {
            // NOTE: an inserted axis gets the stride a contiguous layout would give it, as PyTorch does; its value never matters.
            strides[k] = SourceDims[k] >= 0
                ? t.Strides[SourceDims[k]] * Steps[k]
                : k + 1 < dims.Length ? strides[k + 1] * Math.Max(dims[k + 1], 1) : 1;
        }

        var offset = t.Offset;
        for (var d = 0; d < Starts.Length; d++)
        {
            offset += Starts[d] * t.Strides[d];
        }

        // An empty window may start one past the end of the storage; any in-range offset will do, since nothing is read.
        return new Tensor(t.Storage, OutputShape, strides, OutputShape.NumElements == 0 ? 0 : offset);
    }

    /// <summary>The window <c>[start, start + length)</c> of dimension <paramref name="dim"/>, every other dimension whole.</summary>
    public static SliceSpec Narrow(Shape shape, int dim, int start, int length)
    {
        var rank = shape.Rank;
        var starts = new int[rank];
        var dims = shape.ToArray();
        var sources = new int[rank];
        var steps = new int[rank];
        for (var d = 0; d < rank; d++)
        {
            sources[d] = d;
            steps[d] = 1;
        }

        starts[dim] = start;
        dims[dim] = length;
        return new SliceSpec(shape, starts, dims, sources, steps);
    }

    /// <summary>Position <paramref name="index"/> of dimension <paramref name="dim"/>, with that dimension removed.</summary>
    public static SliceSpec Select(Shape shape, int dim, int index)
    {
        var rank = shape.Rank;
        var starts = new int[rank];
        starts[dim] = index;
        var dims = new int[rank - 1];
        var sources = new int[rank - 1];
        var steps = new int[rank - 1];
        for (int d = 0, k = 0; d < rank; d++)
        {
            if (d != dim)
            {
                dims[k] = shape.Raw[d];
                sources[k] = d;
                steps[k] = 1;
                k++;
            }
        }

        return new SliceSpec(shape, starts, dims, sources, steps);
    }

    /// <summary>
    /// Resolves a Python-style subscript against <paramref name="shape"/>: integers select (negative from the end, out of
    /// range is an error), slices clamp, <see cref="TensorIndex.NewAxis"/> inserts, one <see cref="TensorIndex.Ellipsis"/>
    /// stands for the dimensions not otherwise indexed, and trailing dimensions are kept whole.
    /// </summary>
    public static SliceSpec FromIndices(Shape shape, TensorIndex[] indices)
    {
        var rank = shape.Rank;
        var consuming = 0;
        var ellipses = 0;
        foreach (var index in indices)
        {
            if (index.Kind is TensorIndexKind.Single or TensorIndexKind.Slice)
            {
                consuming++;
            }
            else if (index.Kind == TensorIndexKind.Ellipsis)
            {
                ellipses++;
            }
        }

        if (ellipses > 1)
        {
            throw new ArgumentException($"Index: an index can only have a single ellipsis, got [{string.Join(", ", indices)}].");
        }

        if (consuming > rank)
        {
            throw new ArgumentException($"Index: too many indices for tensor of dimension {rank} (shape {shape}): [{string.Join(", ", indices)}].");
        }

        var starts = new int[rank];
        var dims = new List<int>(rank + indices.Length);
        var sources = new List<int>(rank + indices.Length);
        var steps = new List<int>(rank + indices.Length);
        var d = 0;

        void KeepWhole()
        {
            dims.Add(shape.Raw[d]);
            sources.Add(d);
            steps.Add(1);
            d++;
        }

        foreach (var index in indices)
        {
            switch (index.Kind)
            {
                case TensorIndexKind.Single:
                    starts[d] = CheckIndex("Index", shape, d, index.Index);
                    d++;
                    break;
                case TensorIndexKind.Slice:
                    var (start, length) = index.Resolve(shape.Raw[d]);
                    starts[d] = start;
                    dims.Add(length);
                    sources.Add(d);
                    steps.Add(index.Step);
                    d++;
                    break;
                case TensorIndexKind.NewAxis:
                    dims.Add(1);
                    sources.Add(-1);
                    steps.Add(1);
                    break;
                default:
                    for (var k = 0; k < rank - consuming; k++)
                    {
                        KeepWhole();
                    }

                    break;
            }
        }

        while (d < rank)
        {
            KeepWhole();
        }

        return new SliceSpec(shape, starts, [.. dims], [.. sources], [.. steps]);
    }

    /// <summary>
    /// <paramref name="index"/> as a position in [0, size) of dimension <paramref name="dim"/>, negative counting from the
    /// end, or an exception naming <paramref name="op"/>, the dimension, the index and the size.
    /// </summary>
    public static int CheckIndex(string op, Shape shape, int dim, long index)
    {
        var size = shape.Raw[dim];
        if (index < -size || index >= size)
        {
            throw new ArgumentOutOfRangeException(
                nameof(index), index, $"{op}: index {index} is out of bounds for dimension {dim} with size {size} (tensor of shape {shape}).");
        }

        return (int)(index < 0 ? index + size : index);
    }
}
