namespace AutoDiffGen.Nn;

/// <summary>
/// Inverted dropout (<c>torch.nn.Dropout</c>): in training, zeroes elements with probability <see cref="P"/> and scales
/// the rest by 1/(1−p); the identity in evaluation mode.
/// </summary>
public sealed class Dropout : Module
{
    private readonly Generator? _generator;

    /// <summary>Creates the layer.</summary>
    /// <param name="p">Probability of zeroing an element.</param>
    /// <param name="generator">Random source for the masks (the default generator when omitted); pass a seeded one for reproducible runs.</param>
    public Dropout(double p = 0.5, Generator? generator = null)
    {
        if (p is < 0 or > 1 || double.IsNaN(p))
        {
            throw new ArgumentOutOfRangeException(nameof(p), p, "Dropout: probability has to be between 0 and 1.");
        }

        P = p;
        _generator = generator;
    }

    /// <summary>Probability of zeroing an element.</summary>
    public double P { get; }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => Functional.Dropout(input, P, IsTraining, _generator);

    /// <inheritdoc/>
    protected override string ExtraRepresentation() => FormattableString.Invariant($"p={P}");
}
