namespace AutoDiffGen;

public sealed partial class Tensor
{
    /// <summary>
    /// Joins <paramref name="tensors"/> along the existing dimension <paramref name="dim"/> (<c>torch.cat</c>). All must have
    /// the same rank and the same sizes in every other dimension; float32 and float64 inputs are promoted to float64.
    /// </summary>
    public static Tensor Concat(Tensor[] tensors, int dim = 0)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        if (tensors.Length == 0)
        {
            throw new ArgumentException("Concat: expected a non-empty list of tensors.", nameof(tensors));
        }

        var inputs = PromoteAll(nameof(Concat), tensors);
        var first = inputs[0];
        if (first.Rank == 0)
        {
            throw new ArgumentException("Concat: zero-dimensional tensor (at position 0) cannot be concatenated; use Stack, or Unsqueeze first.", nameof(tensors));
        }

        var d = Shape.NormalizeAxis(dim, first.Rank);
        var dims = first.Shape.ToArray();
        dims[d] = 0;
        for (var i = 0; i < inputs.Length; i++)
        {
            var t = inputs[i];
            if (t.Rank != first.Rank)
            {
                throw new ArgumentException($"Concat: tensors must have the same number of dimensions: got {first.Rank} (shape {first.Shape}) and {t.Rank} (shape {t.Shape}, tensor number {i}).", nameof(tensors));
            }

            for (var k = 0; k < t.Rank; k++)
            {
                if (k != d && t.Shape.Raw[k] != first.Shape.Raw[k])
                {
                    throw new ArgumentException(
                        $"Concat: sizes of tensors must match except in dimension {d}. Expected size {first.Shape.Raw[k]} but got size {t.Shape.Raw[k]} for tensor number {i} in the list (shapes {first.Shape} and {t.Shape}).",
                        nameof(tensors));
                }
            }

            dims[d] += t.Shape.Raw[d];
        }

        var shape = Shape.Wrap(dims);
        var result = Empty(shape, first.DType);
        var offset = 0;
        foreach (var t in inputs)
        {
            WriteInto(SliceSpec.Narrow(shape, d, offset, t.Shape.Raw[d]).ViewOf(result), t);
            offset += t.Shape.Raw[d];
        }

        return Autograd.Record(nameof(Concat), result, inputs, static (node, grad, grads) =>
        {
            var pieces = ConcatBackward(grad, node.InputsOrThrow, (int)node.State!);
            for (var i = 0; i < grads.Length; i++)
            {
                grads[i] = node.NeedsInputGrad(i) ? pieces[i] : null;
            }
        }, d);
    }

    /// <summary>Each input's gradient is its own window of <paramref name="grad"/> along <paramref name="dim"/> (views, no copies).</summary>
    [DerivativeOf(nameof(Concat))]
    internal static Tensor[] ConcatBackward(Tensor grad, Tensor[] tensors, int dim)
    {
        var d = Shape.NormalizeAxis(dim, grad.Rank);
        var pieces = new Tensor[tensors.Length];
        var start = 0;
        for (var i = 0; i < tensors.Length; i++)
        {
            var length = tensors[i].Shape.Raw[d];
            pieces[i] = grad.Narrow(d, start, length);
            start += length;
        }

        return pieces;
    }

    /// <summary>Alias of <see cref="Concat"/> (PyTorch's <c>torch.cat</c>).</summary>
    public static Tensor Cat(Tensor[] tensors, int dim = 0) => Concat(tensors, dim);

    /// <summary>A copy of <paramref name="tensors"/> sharing one dtype: float64 when float32 and float64 mix; mixing other dtypes is an error.</summary>
    private static Tensor[] PromoteAll(string op, Tensor[] tensors)
    {
        var result = (Tensor[])tensors.Clone();
        var dtype = result[0].DType;
        var mixedFloats = false;
        for (var i = 0; i < result.Length; i++)
        {
            ArgumentNullException.ThrowIfNull(result[i], $"{nameof(tensors)}[{i}]");
            var t = result[i].DType;
            if (t == dtype)
            {
                continue;
            }

            if (!t.IsFloatingPoint() || !dtype.IsFloatingPoint())
            {
                throw new ArgumentException($"{op}: expected all tensors to have the same dtype, got {dtype.ToTorchName()} (tensor 0) and {t.ToTorchName()} (tensor {i}).", nameof(tensors));
            }

            mixedFloats = true;
        }

        if (mixedFloats)
        {
            for (var i = 0; i < result.Length; i++)
            {
                result[i] = result[i].To(DType.Float64);
            }
        }

        return result;
    }
}
