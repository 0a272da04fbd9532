using System.Runtime.CompilerServices;
using System.Text;

namespace AutoDiffGen;

/// <summary>
/// The sizes of a tensor's dimensions, as PyTorch's <c>torch.Size</c>. Immutable; compares by value.
/// </summary>
public readonly struct Shape : IEquatable<Shape>
{
    private static readonly int[] ScalarDims = [];
    private readonly int[]? _dims;

    /// <summary>
    /// The most elements a tensor can hold: the longest array .NET allocates (<see cref="Array.MaxLength"/>), since a
    /// tensor's storage is one array.
    /// </summary>
    public static int MaxElements => Array.MaxLength;

    /// <summary>
    /// Creates a shape from dimension sizes; every size must be non-negative and the element count at most
    /// <see cref="MaxElements"/>, or an <see cref="ArgumentException"/> names the shape.
    /// </summary>
    public Shape(params int[] dims)
        : this(Validate(dims, nameof(Shape)), false)
    {
    }

    /// <summary>Wraps an array the caller promises never to mutate again.</summary>
    private Shape(int[] dims, bool _) => _dims = dims;

    /// <summary>Wraps an array the caller promises never to mutate again, checking sizes and count (no copy).</summary>
    internal static Shape Wrap(int[] dims, string op = nameof(Shape))
    {
        Check(dims, op);
        return new(dims, false);
    }

    /// <summary>A shape from caller-supplied sizes (copied), refused naming <paramref name="op"/> when invalid.</summary>
    internal static Shape Of(int[] dims, string op) => new(Validate(dims, op), false);

    /// <summary>The shape of a zero-dimensional (scalar) tensor.</summary>
    public static Shape Scalar => default;

    /// <summary>Number of dimensions.</summary>
    public int Rank => Raw.Length;

    /// <summary>The dimension sizes.</summary>
    public ReadOnlySpan<int> Dims => Raw;

    internal int[] Raw => _dims ?? ScalarDims;

    /// <summary>Size of dimension <paramref name="axis"/>; negative values count from the end, as in PyTorch.</summary>
    public int this[int axis] => Raw[NormalizeAxis(axis, Rank)];

    /// <summary>Total number of elements (1 for a scalar).</summary>
    public int NumElements
    {
        get
        {
            // Every shape was checked when made (Check), so the product fits in an int.
            var n = 1;
            foreach (var d in Raw)
            {
                n *= d;
            }

            return n;
        }
    }

    /// <summary>A copy of the dimension sizes.</summary>
    public int[] ToArray() => (int[])Raw.Clone();

    /// <summary>Row-major (C-contiguous) strides for this shape, in elements.</summary>
    internal int[] ContiguousStrides()
    {
        var dims = Raw;
        var strides = new int[dims.Length];
        var s = 1;
        for (var i = dims.Length - 1; i >= 0; i--)
        {
            strides[i] = s;
            s *= Math.Max(dims[i], 1);
        }

        return strides;
    }

    /// <summary>Turns a possibly negative axis into an index in [0, rank).</summary>
    internal static int NormalizeAxis(int axis, int rank, [CallerArgumentExpression(nameof(axis))] string? name = null)
    {
        var r = Math.Max(rank, 1);
        if (axis < -r || axis >= r)
        {
            throw new ArgumentOutOfRangeException(name, axis, $"Dimension out of range (expected to be in range of [{-r}, {r - 1}], but got {axis}).");
        }

        return axis < 0 ? axis + r : axis;
    }

    /// <summary>
    /// The shape two shapes broadcast to under NumPy/PyTorch rules, or an exception naming <paramref name="op"/> and both shapes.
    /// </summary>
    public static Shape Broadcast(Shape a, Shape b, string op = "broadcast")
    {
        if (a.Equals(b))
        {
            return a;
        }

        var rank = Math.Max(a.Rank, b.Rank);
        var dims = new int[rank];
        for (var i = 0; i < rank; i++)
        {
            var da = i < rank - a.Rank ? 1 : a.Raw[i - (rank - a.Rank)];
            var db = i < rank - b.Rank ? 1 : b.Raw[i - (rank - b.Rank)];
            if (da != db && da != 1 && db != 1)
            {
                throw new ArgumentException(
                    $"{op}: shapes {a} and {b} cannot be broadcast together (dimension {i}: {da} vs {db}).");
            }

            dims[i] = da == 1 ? db : da;
        }

        return Wrap(dims, op);
    }

    /// <summary>True when a tensor of this shape can be broadcast to <paramref name="target"/>.</summary>
    public bool CanBroadcastTo(Shape target)
    {
        if (Rank > target.Rank)
        {
            return false;
        }

        var offset = target.Rank - Rank;
        for (var i = 0; i < Rank; i++)
        {
            if (Raw[i] != 1 && Raw[i] != target.Raw[i + offset])
            {
                return false;
            }
        }

        return true;
    }

    /// <inheritdoc/>
    public bool Equals(Shape other) => Raw.AsSpan().SequenceEqual(other.Raw);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is Shape other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var h = new HashCode();
        foreach (var d in Raw)
        {
            h.Add(d);
        }

        return h.ToHashCode();
    }

    /// <summary>Value equality.</summary>
    public static bool operator ==(Shape left, Shape right) => left.Equals(right);

    /// <summary>Value inequality.</summary>
    public static bool operator !=(Shape left, Shape right) => !left.Equals(right);

    /// <summary>Converts dimension sizes to a shape.</summary>
    public static implicit operator Shape(int[] dims) => new(dims);

    /// <summary>Formats as <c>[2, 3]</c>.</summary>
    public override string ToString() => Format(Raw);

    private static int[] Validate(int[] dims, string op)
    {
        ArgumentNullException.ThrowIfNull(dims);
        Check(dims, op);
        return (int[])dims.Clone();
    }

    /// <summary>
    /// Refuses negative sizes, element counts over <see cref="MaxElements"/>, and sizes whose row-major strides would
    /// overflow an int even when the count is 0 (a zero-size dimension hides the product of the others), naming
    /// <paramref name="op"/> and the shape. Checked arithmetic: a wrapped count would give wrong sums and indexing.
    /// </summary>
    private static void Check(int[] dims, string op)
    {
        if (Problem(dims) is { } problem)
        {
            throw new ArgumentException($"{op}: shape {Format(dims)} {problem}.", nameof(dims));
        }
    }

    /// <summary>What is wrong with <paramref name="dims"/> as a shape ("has a negative ..."), or null when nothing is.</summary>
    internal static string? Problem(ReadOnlySpan<int> dims)
    {
        long count = 1, strides = 1;
        foreach (var d in dims)
        {
            if (d < 0)
            {
                return $"has a negative dimension size ({d}); sizes must be non-negative";
            }

            // Each product stays below 2^31 * 2^31 < 2^63 before the check stops it, so neither can wrap.
            count *= d;
            strides *= Math.Max(d, 1);
            if (strides > int.MaxValue)
            {
                break;
            }
        }

        if (strides <= int.MaxValue && count <= MaxElements)
        {
            return null;
        }

        var exact = ElementCount(dims, ignoreZeros: false);
        return exact.IsZero
            ? $"has 0 elements, but its other dimensions multiply to {ElementCount(dims, ignoreZeros: true)}, more than 32-bit strides can address ({int.MaxValue})"
            : $"has {exact} elements, more than a tensor can hold ({MaxElements}, the longest .NET array)";
    }

    /// <summary>The exact product of the sizes, for messages (it may exceed any integer type).</summary>
    private static System.Numerics.BigInteger ElementCount(ReadOnlySpan<int> dims, bool ignoreZeros)
    {
        System.Numerics.BigInteger n = 1;
        foreach (var d in dims)
        {
            n *= ignoreZeros ? Math.Max(d, 1) : d;
        }

        return n;
    }

    private static string Format(int[] dims)
    {
        var sb = new StringBuilder("[");
        for (var i = 0; i < dims.Length; i++)
        {
            sb.Append(i == 0 ? "" : ", ").Append(dims[i]);
        }

        return sb.Append(']').ToString();
    }
}
