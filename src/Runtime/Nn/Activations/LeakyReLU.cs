namespace AutoDiffGen.Nn;

/// <summary>Applies x where x &gt; 0, else slope·x (<c>torch.nn.LeakyReLU</c>).</summary>
public sealed class LeakyReLU : Module
{
    /// <summary>Creates the activation with the given negative slope.</summary>
    public LeakyReLU(double negativeSlope = 0.01) => NegativeSlope = negativeSlope;

    /// <summary>The slope for negative inputs.</summary>
    public double NegativeSlope { get; }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => Functional.LeakyRelu(input, NegativeSlope);

    /// <inheritdoc/>
    protected override string ExtraRepresentation() => FormattableString.Invariant($"negative_slope={NegativeSlope}");
}
