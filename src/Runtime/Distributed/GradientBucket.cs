namespace AutoDiffGen.Distributed;

/// <summary>
/// One all-reduce's worth of gradients: a flat pinned buffer holding several parameters' gradients side by side, so
/// that many small tensors cost one collective (PyTorch's reducer bucket).
/// </summary>
internal sealed class GradientBucket
{
    internal GradientBucket(int index, Tensor[] parameters, string[] names)
    {
        Index = index;
        Parameters = parameters;
        Names = names;
        Offsets = new int[parameters.Length];
        var length = 0;
        for (var i = 0; i < parameters.Length; i++)
        {
            Offsets[i] = length;
            length += parameters[i].NumElements;
        }

        DType = parameters[0].DType;

        // Pinned once, on the pinned object heap: MPI reads and writes it while the backward keeps allocating.
        Array storage = DType == DType.Float32 ? GC.AllocateArray<float>(length, pinned: true) : GC.AllocateArray<double>(length, pinned: true);
        using (TensorScope.Suspend())
        {
            Buffer = new Tensor(storage, new Shape(length));
        }
    }

    internal int Index { get; }

    internal Tensor[] Parameters { get; }

    internal string[] Names { get; }

    /// <summary>Where each parameter's gradient starts in <see cref="Buffer"/>, in elements.</summary>
    internal int[] Offsets { get; }

    internal DType DType { get; }

    internal Tensor Buffer { get; }

    internal long Bytes => (long)Buffer.NumElements * DType.ElementSize();

    /// <summary>Per iteration: gradients not yet copied in.</summary>
    internal int Pending;

    /// <summary>Per iteration: the all-reduce in flight, once launched.</summary>
    internal Work? Work;
}
