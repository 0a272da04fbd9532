using System.Numerics;

namespace AutoDiffGen.Nn;

/// <summary>In-place writes on leaf tensors (initialisation, state loading, optimizer updates), never recorded.</summary>
internal static class InPlace
{
    /// <summary>The span of a float tensor that may be written in place; throws unless contiguous and floating point.</summary>
    public static Span<T> Writable<T>(Tensor t, string op)
    {
        if (!t.IsContiguous)
        {
            throw new InvalidOperationException($"{op}: in-place writes need a contiguous tensor, got a strided view of shape {t.Shape}.");
        }

        // Whoever asks for a writable span writes: count it as an in-place write, so a graph that saved t notices.
        TensorVersions.Bump(t.Storage);
        return t.Data<T>();
    }

    /// <summary>Fills every element with <paramref name="next"/>() (converted to the tensor's dtype), under NoGrad.</summary>
    public static Tensor FillWith(Tensor t, string op, Func<double> next)
    {
        RequireFloat(t, op);
        using var _ = Autograd.NoGrad();
        if (t.DType == DType.Float32)
        {
            foreach (ref var v in Writable<float>(t, op))
            {
                v = (float)next();
            }
        }
        else
        {
            foreach (ref var v in Writable<double>(t, op))
            {
                v = next();
            }
        }

        return t;
    }

    /// <summary>Copies <paramref name="source"/> (converted to the destination dtype) into <paramref name="destination"/>; shapes must match.</summary>
    public static void Copy(Tensor destination, Tensor source, string op)
    {
        if (destination.Shape != source.Shape)
        {
            throw new ArgumentException($"{op}: cannot copy a tensor of shape {source.Shape} into one of shape {destination.Shape}.");
        }

        using var _ = Autograd.NoGrad();
        var converted = source.To(destination.DType).ContiguousUntracked();
        switch (destination.DType)
        {
            case DType.Float32: converted.Data<float>().CopyTo(Writable<float>(destination, op)); break;
            case DType.Float64: converted.Data<double>().CopyTo(Writable<double>(destination, op)); break;
            case DType.Int64: converted.Data<long>().CopyTo(Writable<long>(destination, op)); break;
            default: converted.Data<bool>().CopyTo(Writable<bool>(destination, op)); break;
        }
    }

    /// <summary>Throws unless <paramref name="t"/> is float32 or float64.</summary>
    public static void RequireFloat(Tensor t, string op)
    {
        if (!t.DType.IsFloatingPoint())
        {
            throw new ArgumentException($"{op}: expected a floating-point tensor, got {t.DType.ToTorchName()} of shape {t.Shape}.");
        }
    }

    /// <summary>Applies <paramref name="f"/> elementwise into a new contiguous tensor of the same dtype, never recorded.</summary>
    public static Tensor Map(Tensor x, Func<double, double> f)
    {
        var source = x.ContiguousUntracked();
        var result = Tensor.Empty(x.Shape, x.DType);
        if (x.DType == DType.Float32)
        {
            MapCore<float>(source.Data<float>(), result.Data<float>(), f);
        }
        else
        {
            MapCore<double>(source.Data<double>(), result.Data<double>(), f);
        }

        return result;
    }

    private static void MapCore<T>(ReadOnlySpan<T> x, Span<T> d, Func<double, double> f)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (var i = 0; i < x.Length; i++)
        {
            d[i] = T.CreateTruncating(f(double.CreateTruncating(x[i])));
        }
    }
}
