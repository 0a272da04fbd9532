namespace AutoDiffGen.Nn;

/// <summary>
/// Layer normalisation over the trailing <see cref="NormalizedShape"/> dimensions, with a learned elementwise affine
/// transform (<c>torch.nn.LayerNorm</c>; weight starts at ones, bias at zeros).
/// </summary>
public sealed class LayerNorm : Module
{
    private readonly int[] _normalizedShape;

    /// <summary>Creates the layer.</summary>
    /// <param name="normalizedShape">The trailing dimensions to normalise over.</param>
    /// <param name="eps">Added to the variance for stability.</param>
    /// <param name="elementwiseAffine">Whether to learn weight and bias.</param>
    /// <param name="bias">Whether to learn the bias (when affine).</param>
    /// <param name="dtype">Parameter dtype.</param>
    public LayerNorm(int[] normalizedShape, double eps = 1e-5, bool elementwiseAffine = true, bool bias = true, DType dtype = DType.Float32)
    {
        ArgumentNullException.ThrowIfNull(normalizedShape);
        _normalizedShape = (int[])normalizedShape.Clone();
        Eps = eps;
        Weight = RegisterParameter("weight", elementwiseAffine ? Tensor.Ones(new Shape(_normalizedShape), dtype) : null);
        Bias = RegisterParameter("bias", elementwiseAffine && bias ? Tensor.Zeros(new Shape(_normalizedShape), dtype) : null);
    }

    /// <summary>Creates the layer over the last dimension, of size <paramref name="normalizedSize"/>.</summary>
    public LayerNorm(int normalizedSize, double eps = 1e-5, bool elementwiseAffine = true, bool bias = true, DType dtype = DType.Float32)
        : this([normalizedSize], eps, elementwiseAffine, bias, dtype)
    {
    }

    /// <summary>The trailing dimensions normalised over.</summary>
    public IReadOnlyList<int> NormalizedShape => _normalizedShape;

    /// <summary>Added to the variance for stability.</summary>
    public double Eps { get; }

    /// <summary>The learned scale, or null without an affine transform.</summary>
    public Tensor? Weight { get; }

    /// <summary>The learned shift, or null.</summary>
    public Tensor? Bias { get; }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => Functional.LayerNorm(input, _normalizedShape, Weight, Bias, Eps);

    /// <inheritdoc/>
    protected override string ExtraRepresentation()
        => FormattableString.Invariant($"{new Shape(_normalizedShape)}, eps={Eps}, elementwise_affine={(Weight is null ? "False" : "True")}");
}
