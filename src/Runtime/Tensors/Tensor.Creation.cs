using System.Runtime.InteropServices;

namespace AutoDiffGen;

public sealed partial class Tensor
{
    /// <summary>A float32 tensor holding a copy of <paramref name="data"/>, shaped <paramref name="shape"/> (1-D when omitted).</summary>
    public static Tensor FromArray(float[] data, params int[] shape) => FromSpan<float>(data, shape);

    /// <summary>A float64 tensor holding a copy of <paramref name="data"/>, shaped <paramref name="shape"/> (1-D when omitted).</summary>
    public static Tensor FromArray(double[] data, params int[] shape) => FromSpan<double>(data, shape);

    /// <summary>An int64 tensor holding a copy of <paramref name="data"/>, shaped <paramref name="shape"/> (1-D when omitted).</summary>
    public static Tensor FromArray(long[] data, params int[] shape) => FromSpan<long>(data, shape);

    /// <summary>A bool tensor holding a copy of <paramref name="data"/>, shaped <paramref name="shape"/> (1-D when omitted).</summary>
    public static Tensor FromArray(bool[] data, params int[] shape) => FromSpan<bool>(data, shape);

    /// <summary>
    /// A tensor holding a copy of a rectangular array of any rank (<c>float[,]</c>, <c>double[,,]</c>, ...), with the
    /// array's shape, as <c>torch.tensor</c> does for nested lists.
    /// </summary>
    public static Tensor FromArray(Array data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var dims = new int[data.Rank];
        for (var i = 0; i < dims.Length; i++)
        {
            dims[i] = data.GetLength(i);
        }

        return data switch
        {
            float[] or double[] or long[] or bool[] when data.Rank == 1 => FromArrayCopy(data, dims),
            _ when data.GetType().GetElementType() is { } t && (t == typeof(float) || t == typeof(double) || t == typeof(long) || t == typeof(bool))
                => FromArrayCopy(data, dims),
            _ => throw new ArgumentException($"FromArray: element type {data.GetType().GetElementType()} is not supported; use float, double, long or bool.", nameof(data)),
        };
    }

    /// <summary>A tensor holding a copy of <paramref name="data"/>, shaped <paramref name="shape"/> (1-D when omitted).</summary>
    public static Tensor FromSpan<T>(ReadOnlySpan<T> data, params int[] shape)
        where T : unmanaged
    {
        var s = shape.Length == 0 ? new Shape(data.Length) : Shape.Of(shape, "FromArray");
        if (s.NumElements != data.Length)
        {
            throw new ArgumentException($"FromArray: shape {s} needs {s.NumElements} elements but {data.Length} were given.", nameof(shape));
        }

        var storage = AllocateFor<T>(data.Length);
        data.CopyTo(storage);
        return new Tensor(storage, s);
    }

    /// <summary>Wraps <paramref name="storage"/> without copying; the caller hands ownership over.</summary>
    internal static Tensor Wrap(Array storage, Shape shape) => new(storage, shape);

    /// <summary>A zero-dimensional float32 tensor.</summary>
    public static Tensor Scalar(float value) => new(new[] { value }, Shape.Scalar);

    /// <summary>A zero-dimensional float64 tensor.</summary>
    public static Tensor Scalar(double value) => new(new[] { value }, Shape.Scalar);

    /// <summary>A zero-dimensional tensor of <paramref name="dtype"/> holding <paramref name="value"/>.</summary>
    public static Tensor Scalar(double value, DType dtype) => Full(Shape.Scalar, value, dtype);

    /// <summary>A tensor of zeros (<c>torch.zeros</c>).</summary>
    public static Tensor Zeros(Shape shape, DType dtype = DType.Float32)
    {
        if (TensorScope.Current is null)
        {
            return new(AllocateZeroed(dtype, shape, nameof(Zeros)), shape);
        }

        var t = Empty(shape, dtype, nameof(Zeros));
        Array.Clear(t.Storage);
        return t;
    }

    /// <summary>A float32 tensor of zeros.</summary>
    public static Tensor Zeros(params int[] shape) => Zeros(Shape.Of(shape, nameof(Zeros)));

    /// <summary>A tensor of ones (<c>torch.ones</c>).</summary>
    public static Tensor Ones(Shape shape, DType dtype = DType.Float32) => Full(shape, 1.0, dtype);

    /// <summary>A float32 tensor of ones.</summary>
    public static Tensor Ones(params int[] shape) => Ones(Shape.Of(shape, nameof(Ones)));

    /// <summary>A tensor filled with <paramref name="value"/> (<c>torch.full</c>).</summary>
    public static Tensor Full(Shape shape, double value, DType dtype = DType.Float32)
    {
        var t = Empty(shape, dtype, nameof(Full));
        t.Fill(value);
        return t;
    }

    /// <summary>Zeros with the shape and dtype of <paramref name="other"/>.</summary>
    [NoDerivative]
    public static Tensor ZerosLike(Tensor other) => Zeros(other.Shape, other.DType);

    /// <summary>Ones with the shape and dtype of <paramref name="other"/>.</summary>
    [NoDerivative]
    public static Tensor OnesLike(Tensor other) => Ones(other.Shape, other.DType);

    /// <summary><paramref name="value"/> with the shape and dtype of <paramref name="other"/>.</summary>
    [NoDerivative]
    public static Tensor FullLike(Tensor other, double value) => Full(other.Shape, value, other.DType);

    /// <summary>Uniform [0, 1) values with the shape and dtype of <paramref name="other"/>.</summary>
    [NoDerivative]
    public static Tensor RandLike(Tensor other, Generator? generator = null) => Rand(other.Shape, other.DType, generator);

    /// <summary>Standard normal values with the shape and dtype of <paramref name="other"/>.</summary>
    [NoDerivative]
    public static Tensor RandnLike(Tensor other, Generator? generator = null) => Randn(other.Shape, other.DType, generator);

    /// <summary>
    /// Values from <paramref name="start"/> to <paramref name="end"/> (exclusive) by <paramref name="step"/> (<c>torch.arange</c>
    /// with a floating-point argument): float32 unless <paramref name="dtype"/> says otherwise. With all-integer arguments
    /// the <see cref="Arange(long, long, long, DType)"/> overload is chosen and the result is int64, as in PyTorch.
    /// </summary>
    public static Tensor Arange(double start, double end, double step = 1, DType dtype = DType.Float32)
    {
        if (step == 0 || double.IsNaN(step))
        {
            throw new ArgumentException("Arange: step must be non-zero.", nameof(step));
        }

        if ((end - start) / step < 0)
        {
            throw new ArgumentException($"Arange: the range [{start}, {end}) is not reachable with step {step}.", nameof(step));
        }

        var count = Math.Ceiling((end - start) / step);
        if (!(count <= Shape.MaxElements))
        {
            throw new ArgumentException($"Arange: the range [{start}, {end}) with step {step} has {count:G17} elements, more than a tensor can hold ({Shape.MaxElements}, the longest .NET array).", nameof(end));
        }

        var n = (int)count;
        var t = Empty(new Shape(n), dtype, nameof(Arange));
        for (var i = 0; i < n; i++)
        {
            t.SetFlat(i, start + i * step);
        }

        return t;
    }

    /// <summary>
    /// Integers <paramref name="start"/>, <paramref name="start"/> + <paramref name="step"/>, … below <paramref name="end"/>
    /// (<c>torch.arange</c> with integer arguments): int64 unless <paramref name="dtype"/> says otherwise, as in PyTorch.
    /// </summary>
    public static Tensor Arange(long start, long end, long step = 1, DType dtype = DType.Int64)
    {
        if (step == 0)
        {
            throw new ArgumentException("Arange: step must be non-zero.", nameof(step));
        }

        if ((end - start) / (double)step < 0)
        {
            throw new ArgumentException($"Arange: the range [{start}, {end}) is not reachable with step {step}.", nameof(step));
        }

        var n = checked((int)((end - start + step + (step > 0 ? -1 : 1)) / step));
        var t = Empty(new Shape(n), dtype);
        for (var i = 0; i < n; i++)
        {
            if (dtype == DType.Int64)
            {
                t.SetFlat(i, start + i * step);
            }
            else
            {
                t.SetFlat(i, (double)(start + i * step));
            }
        }

        return t;
    }

    /// <summary>Integers 0, 1, …, <paramref name="end"/> − 1, int64 unless <paramref name="dtype"/> says otherwise (<c>torch.arange(end)</c>).</summary>
    public static Tensor Arange(long end, DType dtype = DType.Int64) => Arange(0, end, 1, dtype);

    /// <summary>Values 0, 1, … below <paramref name="end"/>, float32 unless <paramref name="dtype"/> says otherwise (<c>torch.arange(2.5)</c>).</summary>
    public static Tensor Arange(double end, DType dtype = DType.Float32) => Arange(0.0, end, 1.0, dtype);

    /// <summary><paramref name="steps"/> evenly spaced values from <paramref name="start"/> to <paramref name="end"/> inclusive (<c>torch.linspace</c>).</summary>
    public static Tensor Linspace(double start, double end, int steps, DType dtype = DType.Float32)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(steps);
        var t = Empty(new Shape(steps), dtype, nameof(Linspace));
        var delta = steps > 1 ? (end - start) / (steps - 1) : 0;
        for (var i = 0; i < steps; i++)
        {
            // NOTE: PyTorch fills the second half backwards from `end` so the last value is exact; one step gives `start`.
            t.SetFlat(i, i < steps / 2 || steps == 1 ? start + i * delta : end - (steps - 1 - i) * delta);
        }

        return t;
    }

    /// <summary>An identity matrix, <paramref name="n"/> by <paramref name="m"/> (square when omitted) (<c>torch.eye</c>).</summary>
    public static Tensor Eye(int n, int? m = null, DType dtype = DType.Float32)
    {
        var cols = m ?? n;
        var t = Zeros(new Shape(n, cols), dtype);
        for (var i = 0; i < Math.Min(n, cols); i++)
        {
            t.SetFlat(i * cols + i, 1);
        }

        return t;
    }

    /// <summary>Uniform values in [0, 1) (<c>torch.rand</c>).</summary>
    public static Tensor Rand(Shape shape, DType dtype = DType.Float32, Generator? generator = null)
    {
        var g = generator ?? Generator.Default;
        var t = Empty(shape, RequireFloat(dtype, "Rand"), nameof(Rand));
        if (dtype == DType.Float32)
        {
            foreach (ref var v in t.Data<float>())
            {
                v = g.NextSingle();
            }
        }
        else
        {
            foreach (ref var v in t.Data<double>())
            {
                v = g.NextDouble();
            }
        }

        return t;
    }

    /// <summary>Uniform float32 values in [0, 1).</summary>
    public static Tensor Rand(params int[] shape) => Rand(Shape.Of(shape, nameof(Rand)));

    /// <summary>Standard normal values (<c>torch.randn</c>).</summary>
    public static Tensor Randn(Shape shape, DType dtype = DType.Float32, Generator? generator = null)
    {
        var g = generator ?? Generator.Default;
        var t = Empty(shape, RequireFloat(dtype, "Randn"), nameof(Randn));
        var n = t.NumElements;
        for (var i = 0; i < n; i++)
        {
            t.SetFlat(i, g.NextNormal());
        }

        return t;
    }

    /// <summary>Standard normal float32 values.</summary>
    public static Tensor Randn(params int[] shape) => Randn(Shape.Of(shape, nameof(Randn)));

    /// <summary>Uniform integers in [<paramref name="low"/>, <paramref name="high"/>) (<c>torch.randint</c>); int64 by default.</summary>
    public static Tensor Randint(long low, long high, Shape shape, DType dtype = DType.Int64, Generator? generator = null)
    {
        var g = generator ?? Generator.Default;
        var t = Empty(shape, dtype, nameof(Randint));
        var n = t.NumElements;
        for (var i = 0; i < n; i++)
        {
            t.SetFlat(i, g.NextInt64(low, high));
        }

        return t;
    }

    /// <summary>A random permutation of 0..n-1 as an int64 tensor (<c>torch.randperm</c>).</summary>
    public static Tensor Randperm(int n, Generator? generator = null)
    {
        var p = (generator ?? Generator.Default).Permutation(n);
        var data = new long[n];
        for (var i = 0; i < n; i++)
        {
            data[i] = p[i];
        }

        return new Tensor(data, new Shape(n));
    }

    /// <summary>
    /// Seeds the calling thread's default generator, so that random creation is reproducible (<c>torch.manual_seed</c>);
    /// threads that have not used their default generator yet start from this seed too. See <see cref="Generator.Default"/>.
    /// </summary>
    public static void ManualSeed(long seed) => Generator.SeedDefault(seed);

    private static DType RequireFloat(DType dtype, string op) => dtype.IsFloatingPoint()
        ? dtype
        : throw new ArgumentException($"{op}: expected a floating-point dtype, got {dtype.ToTorchName()}.");

    private static Tensor FromArrayCopy(Array data, int[] dims)
    {
        var shape = new Shape(dims);
        var elementType = data.GetType().GetElementType()!;
        var dtype = elementType == typeof(float) ? DType.Float32
            : elementType == typeof(double) ? DType.Float64
            : elementType == typeof(long) ? DType.Int64
            : DType.Bool;
        var storage = Allocate(dtype, data.Length);
        var bytes = data.Length * dtype.ElementSize();

        // Rectangular arrays of any rank are laid out row-major, so one block copy preserves element order.
        var src = MemoryMarshal.CreateReadOnlySpan(ref MemoryMarshal.GetArrayDataReference(data), bytes);
        var dst = MemoryMarshal.CreateSpan(ref MemoryMarshal.GetArrayDataReference(storage), bytes);
        src.CopyTo(dst);
        return new Tensor(storage, shape);
    }

    private static T[] AllocateFor<T>(int length) => length == 0 ? [] : new T[length];

    private static Array AllocateZeroed(DType dtype, Shape shape, string op)
    {
        var length = shape.NumElements;
        try
        {
            return dtype switch
            {
                DType.Float32 => new float[length],
                DType.Float64 => new double[length],
                DType.Int64 => new long[length],
                DType.Bool => new bool[length],
                _ => throw new ArgumentOutOfRangeException(nameof(dtype)),
            };
        }
        catch (OutOfMemoryException e)
        {
            throw AllocationFailed(op, shape, dtype, e);
        }
    }

    /// <summary>Writes element <paramref name="index"/> of a contiguous tensor, converting from double.</summary>
    internal void SetFlat(int index, double value)
    {
        switch (DType)
        {
            case DType.Float32: Data<float>()[index] = (float)value; break;
            case DType.Float64: Data<double>()[index] = value; break;
            case DType.Int64: Data<long>()[index] = (long)value; break;
            default: Data<bool>()[index] = value != 0; break;
        }
    }

    /// <summary>Writes element <paramref name="index"/> of a contiguous int64 tensor exactly.</summary>
    internal void SetFlat(int index, long value)
    {
        if (DType == DType.Int64)
        {
            Data<long>()[index] = value;
        }
        else
        {
            SetFlat(index, (double)value);
        }
    }

    /// <summary>Sets every element of this contiguous tensor to <paramref name="value"/>.</summary>
    internal void Fill(double value)
    {
        switch (DType)
        {
            case DType.Float32: Data<float>().Fill((float)value); break;
            case DType.Float64: Data<double>().Fill(value); break;
            case DType.Int64: Data<long>().Fill((long)value); break;
            default: Data<bool>().Fill(value != 0); break;
        }
    }
}
