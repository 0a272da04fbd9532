namespace AutoDiffGen.Nn;

public static partial class Functional
{
    /// <summary>
    /// Pads <paramref name="input"/> (<c>F.pad</c>): <paramref name="pad"/> holds (before, after) pairs starting from the
    /// last dimension — <c>[left, right]</c> pads the last, <c>[left, right, top, bottom]</c> the last two. Negative
    /// entries crop. <see cref="PadMode.Constant"/> fills with <paramref name="value"/>; reflect, replicate and circular
    /// read the input itself, through an index selection, so gradients flow back to the pixels copied (any order).
    /// </summary>
    public static Tensor Pad(Tensor input, int[] pad, PadMode mode = PadMode.Constant, double value = 0)
    {
        ArgumentNullException.ThrowIfNull(pad);
        if (pad.Length % 2 != 0 || pad.Length / 2 > input.Rank)
        {
            throw new ArgumentException(
                $"Pad: the padding [{string.Join(", ", pad)}] must hold (before, after) pairs for at most {input.Rank} dimensions of the input of shape {input.Shape}.", nameof(pad));
        }

        var output = input;
        for (int pair = 0; pair < pad.Length / 2; pair++)
        {
            int dim = input.Rank - 1 - pair, before = pad[2 * pair], after = pad[(2 * pair) + 1], size = input.Shape[dim];
            if (size + before + after < 0)
            {
                throw new ArgumentException($"Pad: padding ({before}, {after}) of dimension {dim} of the input of shape {input.Shape} gives a negative size {size + before + after}.");
            }

            output = mode == PadMode.Constant ? PadConstant(output, dim, before, after, value) : PadByIndex(output, dim, before, after, mode, input.Shape);
        }

        return output;
    }

    private static Tensor PadConstant(Tensor x, int dim, int before, int after, double value)
    {
        if (before < 0)
        {
            x = x.Narrow(dim, -before, x.Shape[dim] + before);
            before = 0;
        }

        if (after < 0)
        {
            x = x.Narrow(dim, 0, x.Shape[dim] + after);
            after = 0;
        }

        if (before == 0 && after == 0)
        {
            return x;
        }

        var parts = new List<Tensor>(3);
        if (before > 0)
        {
            parts.Add(Tensor.Full(SizeAlong(x.Shape, dim, before), value, x.DType));
        }

        parts.Add(x);
        if (after > 0)
        {
            parts.Add(Tensor.Full(SizeAlong(x.Shape, dim, after), value, x.DType));
        }

        return Tensor.Concat([.. parts], dim);
    }

    private static Tensor PadByIndex(Tensor x, int dim, int before, int after, PadMode mode, Shape original)
    {
        int size = x.Shape[dim];
        string name = mode.ToString().ToLowerInvariant();
        if (size == 0 || (mode == PadMode.Reflect && (before >= size || after >= size)) || (mode == PadMode.Circular && (before > size || after > size)))
        {
            var need = mode switch
            {
                PadMode.Reflect => "each pad smaller than the dimension's size",
                PadMode.Circular => "each pad at most the dimension's size",
                _ => "a non-empty dimension",
            };
            throw new ArgumentException(
                $"Pad: {name} padding ({before}, {after}) of dimension {dim} (size {size}) of the input of shape {original} needs {need}.");
        }

        if (before == 0 && after == 0)
        {
            return x;
        }

        var index = new long[size + before + after];
        for (int i = 0; i < index.Length; i++)
        {
            int j = i - before;
            index[i] = mode switch
            {
                PadMode.Reflect => j < 0 ? -j : j >= size ? (2 * (size - 1)) - j : j,
                PadMode.Replicate => Math.Clamp(j, 0, size - 1),
                _ => ((j % size) + size) % size,
            };
        }

        return x.IndexSelect(dim, Tensor.FromArray(index, index.Length));
    }

    private static Shape SizeAlong(Shape shape, int dim, int size)
    {
        var dims = shape.ToArray();
        dims[dim] = size;
        return new Shape(dims);
    }
}
