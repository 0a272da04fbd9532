using System.Globalization;

namespace AutoDiffGen.Nn;

/// <summary>Group normalisation (<c>torch.nn.GroupNorm</c>): per-channel weight (ones) and bias (zeros) when affine; see <see cref="Functional.GroupNorm"/>.</summary>
public sealed class GroupNorm : Module
{
    /// <summary>Creates the layer.</summary>
    /// <param name="numGroups">Groups the channels are split into.</param>
    /// <param name="numChannels">Channels C of the input.</param>
    /// <param name="eps">Added to the variance for stability.</param>
    /// <param name="affine">Whether to learn weight and bias.</param>
    /// <param name="dtype">Parameter dtype.</param>
    public GroupNorm(int numGroups, int numChannels, double eps = 1e-5, bool affine = true, DType dtype = DType.Float32)
    {
        if (numGroups <= 0 || numChannels <= 0 || numChannels % numGroups != 0)
        {
            throw new ArgumentException($"GroupNorm: num_groups ({numGroups}) must be positive and divide num_channels ({numChannels}).");
        }

        NumGroups = numGroups;
        NumChannels = numChannels;
        Eps = eps;
        Weight = RegisterParameter("weight", affine ? Tensor.Ones(new Shape(numChannels), dtype) : null);
        Bias = RegisterParameter("bias", affine ? Tensor.Zeros(new Shape(numChannels), dtype) : null);
    }

    /// <summary>Groups the channels are split into.</summary>
    public int NumGroups { get; }

    /// <summary>Channels C of the input.</summary>
    public int NumChannels { get; }

    /// <summary>Added to the variance for stability.</summary>
    public double Eps { get; }

    /// <summary>The learned scale [C], or null when not affine.</summary>
    public Tensor? Weight { get; }

    /// <summary>The learned shift [C], or null when not affine.</summary>
    public Tensor? Bias { get; }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => Functional.GroupNorm(input, NumGroups, Weight, Bias, Eps);

    /// <inheritdoc/>
    protected override string ExtraRepresentation() => string.Create(CultureInfo.InvariantCulture, $"{NumGroups}, {NumChannels}, eps={Eps}, affine={(Weight is null ? "False" : "True")}");
}
