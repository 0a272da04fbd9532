using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace AutoDiffGen;

/// <summary>
/// An n-dimensional array of <see cref="DType.Float32"/>, <see cref="DType.Float64"/>, <see cref="DType.Int64"/> or
/// <see cref="DType.Bool"/> elements, with define-by-run automatic differentiation, in the manner of <c>torch.Tensor</c>.
/// </summary>
/// <remarks>
/// Storage is row-major; a tensor is a view (offset and strides) over a storage array, so reshapes of contiguous
/// tensors, transposes, slices and expands share memory with their source instead of copying it.
/// Operations live in partial files under <c>Ops/</c>, one primitive per file, each beside its derivative rule.
/// </remarks>
public sealed partial class Tensor
{
    private readonly Shape _shape;
    private Array? _storage;
    private bool _requiresGrad;

    /// <summary>Creates a view over <paramref name="storage"/>; the caller guarantees that every index stays in range.</summary>
    internal Tensor(Array storage, Shape shape, int[] strides, int offset)
    {
        _storage = storage;
        _shape = shape;
        Strides = strides;
        Offset = offset;
        DType = DTypeOf(storage);
        IsContiguous = ComputeIsContiguous(shape.Raw, strides);
        TensorScope.Current?.Track(this);
    }

    /// <summary>Creates a contiguous tensor that owns <paramref name="storage"/>.</summary>
    internal Tensor(Array storage, Shape shape)
        : this(storage, shape, shape.ContiguousStrides(), 0)
    {
    }

    /// <summary>The backing array: <c>float[]</c>, <c>double[]</c>, <c>long[]</c> or <c>bool[]</c>.</summary>
    internal Array Storage => _storage ?? throw new ObjectDisposedException(
        nameof(Tensor),
        $"This tensor (shape {_shape}, {DType.ToTorchName()}) belonged to a TensorScope that has ended and its memory was recycled. " +
        "Call scope.Keep(tensor) inside the scope to use it afterwards.");

    /// <summary>The backing array, or null once disposed by its scope.</summary>
    internal Array? RawStorage => _storage;

    /// <summary>True once the tensor's <see cref="TensorScope"/> has ended.</summary>
    public bool IsDisposed => _storage is null;

    /// <summary>Called by the owning scope when it ends.</summary>
    internal void MarkDisposed() => _storage = null;

    /// <summary>Index of element zero in <see cref="Storage"/>.</summary>
    internal int Offset { get; }

    /// <summary>Step in <see cref="Storage"/> per unit of each dimension, in elements (0 on broadcast dimensions).</summary>
    internal int[] Strides { get; }

    /// <summary>
    /// An optional display name (DeZero's <c>Variable.name</c>): shown by <see cref="ToDot"/> and in errors about this
    /// tensor, such as an in-place modification detected at backward. Not copied by operations.
    /// </summary>
    public string? Name { get; set; }

    /// <summary>
    /// How many in-place writes this tensor's memory has seen (PyTorch's <c>_version</c>); views of the same memory share
    /// the count. Only differences matter: a recorded operation compares the versions of what it saved at backward time.
    /// </summary>
    public int Version => TensorVersions.Of(RawStorage);

    /// <summary>The sizes of the dimensions.</summary>
    public Shape Shape => _shape;

    /// <summary>The element type.</summary>
    public DType DType { get; }

    /// <summary>Number of dimensions (PyTorch's <c>dim()</c>).</summary>
    public int Rank => _shape.Rank;

    /// <summary>Total number of elements (PyTorch's <c>numel()</c>).</summary>
    public int NumElements => _shape.NumElements;

    /// <summary>True when the elements are laid out row-major with no gaps, starting at <see cref="Offset"/>.</summary>
    public bool IsContiguous { get; }

    /// <summary>Size of dimension <paramref name="axis"/> (negative counts from the end).</summary>
    public int Size(int axis) => _shape[axis];

    /// <summary>
    /// Whether operations on this tensor are recorded for differentiation. Settable only on leaves, and only
    /// for floating-point tensors, as in PyTorch.
    /// </summary>
    public bool RequiresGrad
    {
        get => _requiresGrad;
        set
        {
            if (!IsLeaf)
            {
                throw new InvalidOperationException(
                    "RequiresGrad can only be changed on leaf tensors. Use Detach() to get a leaf from a non-leaf tensor.");
            }

            if (value && !DType.IsFloatingPoint())
            {
                throw new InvalidOperationException($"Only floating-point tensors can require gradients (this tensor is {DType.ToTorchName()}).");
            }

            _requiresGrad = value;
        }
    }

    /// <summary>Sets <see cref="RequiresGrad"/> and returns this tensor, for fluent construction (PyTorch's <c>requires_grad_()</c>).</summary>
    public Tensor RequiresGrad_(bool requiresGrad = true)
    {
        RequiresGrad = requiresGrad;
        return this;
    }

    private Tensor? _grad;
    private bool _gradIsStale;
    private bool _gradSeen;
    private Tensor? _spareGrad;

    /// <summary>
    /// The gradient accumulated by <see cref="Backward"/>: on leaves that require grad, and on non-leaves after
    /// <see cref="RetainGrad"/>. Accumulates across calls until cleared (set to <c>null</c>).
    /// </summary>
    public Tensor? Grad
    {
        get
        {
            // Whoever got the tensor may keep it: ZeroGrad() must not hand its buffer to a later backward.
            _gradSeen |= _grad is not null;
            return GradUnseen;
        }

        set
        {
            _grad = value;
            _gradIsStale = false;
            _gradSeen = value is not null;
        }
    }

    /// <summary>
    /// <see cref="Grad"/> for the library's own reads (the optimizer's step), which keep no reference to it: the buffer
    /// stays reusable by the next backward after <c>ZeroGrad()</c> (see <see cref="TakeSpareGrad"/>).
    /// </summary>
    internal Tensor? GradUnseen
    {
        get
        {
            if (_gradIsStale)
            {
                // ZeroGrad deferred the fill: whoever reads the gradient before the next backward sees zeros.
                _gradIsStale = false;
                _grad!.Fill(0);
            }

            if (_grad is null && GradFn is not null && !RetainsGrad)
            {
                Warnings.Warn("Tensor.Grad",
                    $"the .Grad of a tensor that is not a leaf (produced by {GradFn.Name}, shape {Shape}) is being read. Backward does not fill " +
                    "it; call RetainGrad() on this tensor before Backward if you want its gradient, or read the .Grad of the leaf " +
                    "you meant (a parameter, or a tensor created with RequiresGrad_()).");
            }

            return _grad;
        }
    }

    /// <summary>The gradient buffer the engine allocated for this tensor and may update in place.</summary>
    internal Tensor? OwnedGrad { get; set; }

    /// <summary>
    /// The engine-owned gradient buffer as it is, without the deferred zero fill; <see cref="GradIsStale"/> says
    /// whether its contents are logically zero.
    /// </summary>
    internal Tensor? RawGrad => _grad;

    /// <summary>
    /// True after <c>ZeroGrad(setToNone: false)</c> until the next backward or read: the buffer is logically zero but
    /// not yet filled, so the next backward overwrites it instead of zero-filling and then adding (one pass, not two).
    /// </summary>
    internal bool GradIsStale => _gradIsStale;

    /// <summary>Marks the owned gradient logically zero without touching its memory (see <see cref="GradIsStale"/>).</summary>
    internal void MarkGradStale() => _gradIsStale = _grad is not null;

    /// <summary>Makes <paramref name="grad"/>, a buffer the engine owns, this tensor's gradient, without marking it seen.</summary>
    internal void AdoptOwnedGrad(Tensor grad)
    {
        // A buffer already handed out (the one ZeroGrad(setToNone: false) kept) stays seen; a new one is unseen.
        _gradSeen &= ReferenceEquals(grad, _grad);
        _grad = grad;
        _gradIsStale = false;
        OwnedGrad = grad;
    }

    /// <summary>
    /// Clears the gradient to null (<c>ZeroGrad()</c>'s default). When the buffer is one the engine owns and nobody outside
    /// the library has read it through <see cref="Grad"/>, it is kept aside so the next backward writes into it instead
    /// of allocating a new one: a reference to it can exist nowhere else, so no one can see it change.
    /// </summary>
    internal void SetGradToNone()
    {
        if (_grad is { } grad && !_gradSeen && ReferenceEquals(grad, OwnedGrad) && !grad.IsDisposed)
        {
            _spareGrad = grad;
        }

        Grad = null;
    }

    /// <summary>The buffer <see cref="SetGradToNone"/> kept aside, once (null when there is none).</summary>
    internal Tensor? TakeSpareGrad()
    {
        var spare = _spareGrad;
        _spareGrad = null;
        return spare;
    }

    /// <summary>The node that produced this tensor, or <c>null</c> for a leaf.</summary>
    public Node? GradFn { get; internal set; }

    /// <summary>True for tensors not produced by a recorded operation (user-created tensors and parameters).</summary>
    public bool IsLeaf => GradFn is null;

    /// <summary>True when <see cref="RetainGrad"/> was called on this non-leaf.</summary>
    public bool RetainsGrad { get; private set; }

    /// <summary>Asks <see cref="Backward"/> to fill <see cref="Grad"/> on this non-leaf tensor too.</summary>
    public void RetainGrad()
    {
        if (!_requiresGrad)
        {
            throw new InvalidOperationException("RetainGrad() called on a tensor that does not require grad.");
        }

        RetainsGrad = !IsLeaf;
    }

    /// <summary>Marks a freshly computed tensor as produced by <paramref name="node"/>.</summary>
    internal void SetGradFn(Node node)
    {
        GradFn = node;
        _requiresGrad = true;
    }

    /// <summary>The elements of a contiguous tensor as a span, without copying.</summary>
    internal Span<T> Data<T>()
    {
        if (!IsContiguous)
        {
            throw new InvalidOperationException("Internal error: Data<T>() on a non-contiguous tensor; call Contiguous() first.");
        }

        return MemoryMarshal.CreateSpan(ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference((T[])Storage), Offset), NumElements);
    }

    /// <summary>The full storage array, for strided kernels.</summary>
    internal T[] StorageAs<T>() => (T[])Storage;

    private static DType DTypeOf(Array storage) => storage switch
    {
        float[] => DType.Float32,
        double[] => DType.Float64,
        long[] => DType.Int64,
        bool[] => DType.Bool,
        _ => throw new ArgumentException($"Unsupported storage type {storage.GetType()}.", nameof(storage)),
    };

    internal static Array Allocate(DType dtype, int length) => dtype switch
    {
        DType.Float32 => length == 0 ? Array.Empty<float>() : GC.AllocateUninitializedArray<float>(length),
        DType.Float64 => length == 0 ? Array.Empty<double>() : GC.AllocateUninitializedArray<double>(length),
        DType.Int64 => new long[length],
        DType.Bool => new bool[length],
        _ => throw new ArgumentOutOfRangeException(nameof(dtype)),
    };

    /// <summary>
    /// A new contiguous tensor whose contents are unspecified (<c>torch.empty</c>): fill every element before reading it.
    /// Inside a <see cref="TensorScope"/> the storage comes from the pool, so it may hold an earlier tensor's values.
    /// </summary>
    public static Tensor Empty(Shape shape, DType dtype = DType.Float32) => Empty(shape, dtype, "allocation");

    /// <summary><see cref="Empty(Shape, DType)"/> for an op that names itself in the out-of-memory error.</summary>
    internal static Tensor Empty(Shape shape, DType dtype, string op)
    {
        var n = shape.NumElements;
        Array storage;
        try
        {
            storage = TensorScope.Current is { } scope ? scope.Rent(dtype, n) : Allocate(dtype, n);
        }
        catch (OutOfMemoryException e)
        {
            throw AllocationFailed(op, shape, dtype, e);
        }

        return new(storage, shape);
    }

    /// <summary>An out-of-memory error that says which op asked for how much (a bare OutOfMemoryException names neither).</summary>
    internal static OutOfMemoryException AllocationFailed(string op, Shape shape, DType dtype, OutOfMemoryException inner)
        => new($"{op}: cannot allocate a {dtype.ToTorchName()} tensor of shape {shape} ({shape.NumElements} elements, {(long)shape.NumElements * dtype.ElementSize()} bytes): out of memory.", inner);

    /// <summary>A new float32 tensor of the given shape whose contents are unspecified; see <see cref="Empty(Shape, DType)"/>.</summary>
    public static Tensor Empty(params int[] shape) => Empty(new Shape(shape));

    private static bool ComputeIsContiguous(int[] dims, int[] strides)
    {
        // NOTE: a tensor with no elements is contiguous whatever its strides, as in PyTorch.
        if (Array.IndexOf(dims, 0) >= 0)
        {
            return true;
        }

        var expected = 1;
        for (var i = dims.Length - 1; i >= 0; i--)
        {
            if (dims[i] != 1 && strides[i] != expected)
            {
                return false;
            }

            expected *= dims[i];
        }

        return true;
    }
}
