namespace AutoDiffGen.Nn;

/// <summary>
/// A fully connected layer, y = x·Wᵀ + b (<c>torch.nn.Linear</c>), with W of shape [out, in] and b of shape [out].
/// Both start as U(−1/√in, 1/√in): PyTorch's kaiming_uniform with a = √5 on the weight, the same bound on the bias.
/// </summary>
public sealed class Linear : Module
{
    /// <summary>Creates the layer with freshly initialised parameters.</summary>
    /// <param name="inFeatures">Size of each input sample.</param>
    /// <param name="outFeatures">Size of each output sample.</param>
    /// <param name="bias">Whether to learn an additive bias.</param>
    /// <param name="dtype">Parameter dtype (float32 or float64).</param>
    /// <param name="generator">Random source for the initial values (the default generator when omitted).</param>
    public Linear(int inFeatures, int outFeatures, bool bias = true, DType dtype = DType.Float32, Generator? generator = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(inFeatures);
        ArgumentOutOfRangeException.ThrowIfNegative(outFeatures);
        InFeatures = inFeatures;
        OutFeatures = outFeatures;
        Weight = RegisterParameter("weight", Tensor.Zeros(new Shape(outFeatures, inFeatures), dtype))!;
        Bias = RegisterParameter("bias", bias ? Tensor.Zeros(new Shape(outFeatures), dtype) : null);
        ResetParameters(generator);
    }

    /// <summary>Size of each input sample.</summary>
    public int InFeatures { get; }

    /// <summary>Size of each output sample.</summary>
    public int OutFeatures { get; }

    /// <summary>The weight, shape [out, in].</summary>
    public Tensor Weight { get; }

    /// <summary>The bias, shape [out], or null when created without one.</summary>
    public Tensor? Bias { get; }

    /// <summary>Re-draws the parameters with PyTorch's default initialisation.</summary>
    public void ResetParameters(Generator? generator = null)
    {
        // kaiming_uniform(a = √5) gives bound = √3 · √(2 / (1 + 5)) / √fan_in = 1 / √fan_in.
        if (InFeatures > 0)
        {
            Init.KaimingUniform_(Weight, a: Math.Sqrt(5), generator: generator);
        }

        if (Bias is not null)
        {
            var bound = InFeatures > 0 ? 1 / Math.Sqrt(InFeatures) : 0;
            Init.Uniform_(Bias, -bound, bound, generator);
        }
    }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => Functional.Linear(input, Weight, Bias);

    /// <inheritdoc/>
    protected override string ExtraRepresentation() => $"in_features={InFeatures}, out_features={OutFeatures}, bias={(Bias is null ? "False" : "True")}";
}
