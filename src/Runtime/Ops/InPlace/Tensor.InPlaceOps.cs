namespace AutoDiffGen;

/// <summary>
/// PyTorch's in-place family (<c>add_</c>, <c>sub_</c>, <c>mul_</c>, <c>clamp_</c>…): each computes the out-of-place op,
/// then writes the result into this tensor's memory (through strides, so views of a larger tensor work) and bumps the
/// storage's version counter. As in PyTorch, the other operand broadcasts into this tensor's shape, never the reverse;
/// a leaf that requires grad may be updated only inside <see cref="Autograd.NoGrad"/>, and a tensor a recorded
/// operation saved for its backward makes that backward throw once it has been overwritten.
/// </summary>
/// <remarks>
/// In-place operations are never recorded: on a tensor produced by a recorded operation they throw while grad mode
/// is on (PyTorch records them; here use the out-of-place form, <c>y = y.Add(z)</c>).
/// </remarks>
public sealed partial class Tensor
{
    /// <summary>this += <paramref name="alpha"/> · <paramref name="other"/>, in place (PyTorch's <c>add_(other, alpha=1)</c>).</summary>
    public Tensor Add_(Tensor other, double alpha = 1)
        => ApplyInPlace(nameof(Add_), other, alpha, static (self, o, a) => a == 1 ? Add(self, o) : Add(self, o * a));

    /// <summary>this += <paramref name="alpha"/> · <paramref name="other"/>, in place, for a scalar <paramref name="other"/>.</summary>
    public Tensor Add_(double other, double alpha = 1)
        => ApplyInPlace(nameof(Add_), InPlaceScalar(nameof(Add_), other * alpha), 1, static (self, o, _) => Add(self, o));

    /// <summary>this −= <paramref name="alpha"/> · <paramref name="other"/>, in place (PyTorch's <c>sub_(other, alpha=1)</c>).</summary>
    public Tensor Sub_(Tensor other, double alpha = 1)
        => ApplyInPlace(nameof(Sub_), other, alpha, static (self, o, a) => a == 1 ? Sub(self, o) : Sub(self, o * a));

    /// <summary>this −= <paramref name="alpha"/> · <paramref name="other"/>, in place, for a scalar <paramref name="other"/>.</summary>
    public Tensor Sub_(double other, double alpha = 1)
        => ApplyInPlace(nameof(Sub_), InPlaceScalar(nameof(Sub_), other * alpha), 1, static (self, o, _) => Sub(self, o));

    /// <summary>this *= <paramref name="other"/>, in place (PyTorch's <c>mul_</c>).</summary>
    public Tensor Mul_(Tensor other) => ApplyInPlace(nameof(Mul_), other, 1, static (self, o, _) => Mul(self, o));

    /// <summary>this *= <paramref name="other"/>, in place, for a scalar.</summary>
    public Tensor Mul_(double other)
        => ApplyInPlace(nameof(Mul_), InPlaceScalar(nameof(Mul_), other), 1, static (self, o, _) => Mul(self, o));

    /// <summary>this /= <paramref name="other"/>, in place (PyTorch's <c>div_</c>, true division: a float tensor only).</summary>
    public Tensor Div_(Tensor other) => ApplyInPlace(nameof(Div_), other, 1, static (self, o, _) => Div(self, o));

    /// <summary>this /= <paramref name="other"/>, in place, for a scalar.</summary>
    public Tensor Div_(double other)
        => ApplyInPlace(nameof(Div_), InPlaceScalar(nameof(Div_), other), 1, static (self, o, _) => Div(self, o));

    /// <summary>this = min(max(this, <paramref name="min"/>), <paramref name="max"/>), in place (PyTorch's <c>clamp_</c>).</summary>
    public Tensor Clamp_(double? min = null, double? max = null)
    {
        CheckInPlaceAllowed(nameof(Clamp_));
        RequireFloatInPlace(nameof(Clamp_));
        Tensor result;
        using (Autograd.NoGrad())
        {
            result = Clamp(this, min, max);
        }

        return WriteInPlace(nameof(Clamp_), result);
    }

    /// <summary>this = this^<paramref name="exponent"/>, in place (PyTorch's <c>pow_</c>).</summary>
    public Tensor Pow_(double exponent) => ApplyInPlace(nameof(Pow_), this, exponent, static (self, _, e) => Pow(self, e));

    /// <summary>this += <paramref name="value"/> · <paramref name="tensor1"/> · <paramref name="tensor2"/>, in place (PyTorch's <c>addcmul_</c>).</summary>
    public Tensor Addcmul_(Tensor tensor1, Tensor tensor2, double value = 1)
    {
        ArgumentNullException.ThrowIfNull(tensor1);
        ArgumentNullException.ThrowIfNull(tensor2);
        CheckInPlaceAllowed(nameof(Addcmul_));
        RequireFloatInPlace(nameof(Addcmul_));
        Tensor result;
        using (Autograd.NoGrad())
        {
            result = this + tensor1 * tensor2 * value;
        }

        return WriteInPlace(nameof(Addcmul_), result);
    }

    /// <summary>this += <paramref name="value"/> · <paramref name="tensor1"/> / <paramref name="tensor2"/>, in place (PyTorch's <c>addcdiv_</c>).</summary>
    public Tensor Addcdiv_(Tensor tensor1, Tensor tensor2, double value = 1)
    {
        ArgumentNullException.ThrowIfNull(tensor1);
        ArgumentNullException.ThrowIfNull(tensor2);
        CheckInPlaceAllowed(nameof(Addcdiv_));
        RequireFloatInPlace(nameof(Addcdiv_));
        Tensor result;
        using (Autograd.NoGrad())
        {
            result = this + tensor1 / tensor2 * value;
        }

        return WriteInPlace(nameof(Addcdiv_), result);
    }

    /// <summary>this = −this, in place (PyTorch's <c>neg_</c>).</summary>
    public Tensor Neg_() => ApplyUnaryInPlace(nameof(Neg_), static x => Neg(x));

    /// <summary>this = |this|, in place (PyTorch's <c>abs_</c>).</summary>
    public Tensor Abs_() => ApplyUnaryInPlace(nameof(Abs_), static x => Abs(x));

    /// <summary>this = this², in place (PyTorch's <c>square_</c>).</summary>
    public Tensor Square_() => ApplyUnaryInPlace(nameof(Square_), static x => Mul(x, x));

    /// <summary>this = √this, in place (PyTorch's <c>sqrt_</c>).</summary>
    public Tensor Sqrt_() => ApplyUnaryInPlace(nameof(Sqrt_), static x => Sqrt(x));

    /// <summary>this = eˣ, in place (PyTorch's <c>exp_</c>).</summary>
    public Tensor Exp_() => ApplyUnaryInPlace(nameof(Exp_), static x => Exp(x));

    /// <summary>this = ln this, in place (PyTorch's <c>log_</c>).</summary>
    public Tensor Log_() => ApplyUnaryInPlace(nameof(Log_), static x => Log(x));

    /// <summary>this = tanh this, in place (PyTorch's <c>tanh_</c>).</summary>
    public Tensor Tanh_() => ApplyUnaryInPlace(nameof(Tanh_), static x => Tanh(x));

    /// <summary>this = σ(this), in place (PyTorch's <c>sigmoid_</c>).</summary>
    public Tensor Sigmoid_() => ApplyUnaryInPlace(nameof(Sigmoid_), static x => Sigmoid(x));

    /// <summary>this = max(this, 0), in place (PyTorch's <c>relu_</c>).</summary>
    public Tensor Relu_() => ApplyUnaryInPlace(nameof(Relu_), static x => Relu(x));

    /// <summary>this = sin this, in place (PyTorch's <c>sin_</c>).</summary>
    public Tensor Sin_() => ApplyUnaryInPlace(nameof(Sin_), static x => Sin(x));

    /// <summary>this = cos this, in place (PyTorch's <c>cos_</c>).</summary>
    public Tensor Cos_() => ApplyUnaryInPlace(nameof(Cos_), static x => Cos(x));

    private Tensor ApplyUnaryInPlace(string op, Func<Tensor, Tensor> compute)
    {
        CheckInPlaceAllowed(op);
        RequireFloatInPlace(op);
        Tensor result;
        using (Autograd.NoGrad())
        {
            result = compute(this);
        }

        return WriteInPlace(op, result);
    }

    private Tensor ApplyInPlace(string op, Tensor other, double alpha, Func<Tensor, Tensor, double, Tensor> compute)
    {
        ArgumentNullException.ThrowIfNull(other);
        CheckInPlaceAllowed(op);
        RequireFloatInPlace(op);
        if (!other.Shape.CanBroadcastTo(Shape))
        {
            throw new ArgumentException(
                $"{op}: the other operand of shape {other.Shape} cannot be broadcast to this tensor's shape {Shape}; an in-place " +
                "operation broadcasts only the other operand, into this tensor's shape.", nameof(other));
        }

        Tensor result;
        using (Autograd.NoGrad())
        {
            result = compute(this, other, alpha);
        }

        return WriteInPlace(op, result);
    }

    /// <summary>A scalar operand in this tensor's dtype.</summary>
    private Tensor InPlaceScalar(string op, double value)
    {
        RequireFloatInPlace(op);
        return Scalar(value, DType);
    }

    /// <summary>
    /// The library's arithmetic is float32/float64 only (the out-of-place ops refuse int64 too), so in-place arithmetic on
    /// an int64 or bool tensor throws rather than round through floating point and lose integers above 2⁵³.
    /// </summary>
    private void RequireFloatInPlace(string op)
    {
        if (!DType.IsFloatingPoint())
        {
            throw new ArgumentException(
                $"{op}: in-place arithmetic needs a floating-point tensor, got {DType.ToTorchName()} of shape {Shape}; " +
                "convert it first (x = x.Float() or x.Double()). Fill_, Copy_ and index assignment work on every dtype.");
        }
    }

    /// <summary>
    /// Writes <paramref name="result"/> (an op's out-of-place result) into this tensor and bumps its version; the result
    /// must have this tensor's shape and a dtype that converts to this tensor's without losing its kind.
    /// </summary>
    internal Tensor WriteInPlace(string op, Tensor result)
    {
        if (result.Shape != Shape)
        {
            throw new ArgumentException(
                $"{op}: output with shape {Shape} doesn't match the broadcast shape {result.Shape}; an in-place operation " +
                "broadcasts only the other operand, into this tensor's shape.");
        }

        if (KindRank(result.DType) > KindRank(DType))
        {
            throw new ArgumentException(
                $"{op}: result type {result.DType.ToTorchName()} can't be cast to this tensor's dtype {DType.ToTorchName()} (shape {Shape}); " +
                "convert it first, e.g. x = x.Float().");
        }

        CheckNoInternalOverlap(op);
        using (Autograd.NoGrad())
        {
            using var scratch = TensorScope.Begin();
            var source = result.To(DType);
            if (IsContiguous && source.IsContiguous)
            {
                CopyContiguous(source);
            }
            else
            {
                WriteInto(this, source);
            }
        }

        TensorVersions.Bump(Storage);
        return this;
    }

    private static int KindRank(DType dtype) => dtype switch
    {
        DType.Bool => 0,
        DType.Int64 => 1,
        _ => 2,
    };

    /// <summary>An expanded view has several elements at one memory location: writing it in place is ill-defined.</summary>
    private void CheckNoInternalOverlap(string op)
    {
        for (var i = 0; i < Rank; i++)
        {
            if (Strides[i] == 0 && _shape[i] > 1)
            {
                throw new InvalidOperationException(
                    $"{op}: this tensor (shape {Shape}) is an expanded view in which several elements share one memory location, " +
                    "so it cannot be written in place; Clone() it first.");
            }
        }
    }
}
