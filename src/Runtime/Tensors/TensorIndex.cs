namespace AutoDiffGen;

/// <summary>
/// One entry of a tensor subscript, as in Python's <c>x[1, 1:-1, None, ...]</c>: an integer (selects and removes a
/// dimension), a slice with an optional step, a new axis, an ellipsis, or a tensor (an int64 tensor of positions or a
/// bool mask, NumPy's advanced indexing). Integers, <see cref="System.Range"/> and tensors convert implicitly, so
/// <c>x[1, 1..^1]</c> reads like <c>x[1, 1:-1]</c>.
/// </summary>
/// <example><code>
/// var row = x[0];                                   // x[0]
/// var inner = x[.., 1..^1];                         // x[:, 1:-1]
/// var evens = x[TensorIndex.Slice(step: 2)];        // x[::2]
/// var column = x[TensorIndex.Ellipsis, -1];         // x[..., -1]
/// var lifted = x[TensorIndex.NewAxis];              // x[None]
/// var picked = x[labels];                           // x[labels], labels an int64 tensor: a copy
/// var kept = x[mask];                               // x[mask], mask a bool tensor: a copy
/// </code></example>
public readonly struct TensorIndex
{
    /// <summary>Marks a <see cref="System.Range"/> bound written <c>^0</c>, which means "the end" for either bound.</summary>
    private const int End = int.MaxValue;

    private TensorIndex(TensorIndexKind kind, int index, int? start, int? stop, int step, Tensor? tensor = null)
    {
        Kind = kind;
        Index = index;
        Start = start;
        Stop = stop;
        Step = step;
        Tensor = tensor;
    }

    /// <summary>What this entry does.</summary>
    internal TensorIndexKind Kind { get; }

    /// <summary>The position selected by an integer entry (negative counts from the end).</summary>
    internal int Index { get; }

    /// <summary>A slice's first position (negative counts from the end), or null for the beginning.</summary>
    internal int? Start { get; }

    /// <summary>A slice's exclusive end (negative counts from the end), or null for the end.</summary>
    internal int? Stop { get; }

    /// <summary>A slice's step (positive).</summary>
    internal int Step { get; }

    /// <summary>The int64 positions or bool mask of a tensor entry.</summary>
    internal Tensor? Tensor { get; }

    /// <summary>Inserts a new dimension of size 1 (Python's <c>None</c>, NumPy's <c>newaxis</c>).</summary>
    public static TensorIndex NewAxis => new(TensorIndexKind.NewAxis, 0, null, null, 1);

    /// <summary>Stands for as many full slices as needed to index every dimension (Python's <c>...</c>).</summary>
    public static TensorIndex Ellipsis => new(TensorIndexKind.Ellipsis, 0, null, null, 1);

    /// <summary>Every position of a dimension (Python's <c>:</c>).</summary>
    public static TensorIndex All => Slice();

    /// <summary>
    /// Positions <paramref name="start"/>, <paramref name="start"/> + <paramref name="step"/>, ... before
    /// <paramref name="stop"/> (Python's <c>start:stop:step</c>). Negative bounds count from the end; out-of-range bounds
    /// are clamped, as in Python; null means the beginning or the end.
    /// </summary>
    public static TensorIndex Slice(int? start = null, int? stop = null, int step = 1)
    {
        if (step <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(step), step, $"TensorIndex.Slice: step must be positive (got {step}); negative steps are not supported, as in PyTorch.");
        }

        return new(TensorIndexKind.Slice, 0, start, stop, step);
    }

    /// <summary>Selects position <paramref name="index"/> of a dimension and removes that dimension; negative counts from the end.</summary>
    public static TensorIndex Single(int index) => new(TensorIndexKind.Single, index, null, null, 1);

    /// <summary>Selects one position and removes the dimension (Python's <c>x[i]</c>).</summary>
    public static implicit operator TensorIndex(int index) => Single(index);

    /// <summary>A slice with step 1; <c>^k</c> bounds count from the end (<c>1..^1</c> is Python's <c>1:-1</c>).</summary>
    public static implicit operator TensorIndex(Range range) => new(
        TensorIndexKind.Slice,
        0,
        range.Start.IsFromEnd ? (range.Start.Value == 0 ? End : -range.Start.Value) : range.Start.Value,
        range.End.IsFromEnd ? (range.End.Value == 0 ? null : -range.End.Value) : range.End.Value,
        1);

    /// <summary>
    /// Advanced indexing: an int64 tensor picks positions of one dimension (negative from the end; the index's shape
    /// replaces that dimension), a bool mask of rank k keeps the positions of the next k dimensions where it is true
    /// (flattened into one). The result is a copy, and differentiable. One tensor entry per subscript is supported.
    /// </summary>
    public static implicit operator TensorIndex(Tensor index)
    {
        ArgumentNullException.ThrowIfNull(index);
        if (index.DType is not (DType.Int64 or DType.Bool))
        {
            throw new ArgumentException($"TensorIndex: tensors used as indices must be int64 or bool, got {index.DType.ToTorchName()} of shape {index.Shape}.", nameof(index));
        }

        return new(TensorIndexKind.Tensor, 0, null, null, 1, index);
    }

    /// <summary>Creates a <see cref="TensorIndex"/> from a tensor (for languages without implicit conversions).</summary>
    public static TensorIndex FromTensor(Tensor index) => index;

    /// <summary>Creates a <see cref="TensorIndex"/> from an integer (for languages without implicit conversions).</summary>
    public static TensorIndex FromInt32(int index) => index;

    /// <summary>Creates a <see cref="TensorIndex"/> from a range (for languages without implicit conversions).</summary>
    public static TensorIndex FromRange(Range range) => range;

    /// <summary>
    /// Resolves this slice against a dimension of <paramref name="size"/> with Python's clamping rules: the first position
    /// and the number of positions selected.
    /// </summary>
    internal (int Start, int Length) Resolve(int size)
    {
        var start = Clamp(Start, 0, size);
        var stop = Clamp(Stop, size, size);
        var length = stop > start ? (stop - start + Step - 1) / Step : 0;
        return (start, length);
    }

    private static int Clamp(int? bound, int whenNull, int size)
    {
        if (bound is not { } b)
        {
            return whenNull;
        }

        if (b == End)
        {
            return size;
        }

        var v = b < 0 ? b + size : b;
        return Math.Clamp(v, 0, size);
    }

    /// <summary>Python's spelling: <c>1</c>, <c>1:-1</c>, <c>::2</c>, <c>None</c>, <c>...</c>.</summary>
    public override string ToString() => Kind switch
    {
        TensorIndexKind.Single => Index.ToString(System.Globalization.CultureInfo.InvariantCulture),
        TensorIndexKind.NewAxis => "None",
        TensorIndexKind.Ellipsis => "...",
        TensorIndexKind.Tensor => $"<{Tensor!.DType.ToString().ToLowerInvariant()} tensor {Tensor.Shape}>",
        _ => $"{Format(Start)}:{(Stop is { } s ? s.ToString(System.Globalization.CultureInfo.InvariantCulture) : "")}{(Step != 1 ? $":{Step}" : "")}",
    };

    private static string Format(int? bound) => bound switch
    {
        null => "",
        End => "<end>",
        { } b => b.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
