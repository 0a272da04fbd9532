using System.Globalization;

namespace AutoDiffGen.Nn;

/// <summary>Channel dropout (<c>torch.nn.Dropout2d</c>): in training zeroes whole channels with probability p, scaling the rest by 1/(1−p).</summary>
public sealed class Dropout2d : Module
{
    private readonly Generator? _generator;

    /// <summary>Creates the layer.</summary>
    /// <param name="p">Probability of zeroing a channel.</param>
    /// <param name="generator">Random source for the masks (the default generator when omitted).</param>
    public Dropout2d(double p = 0.5, Generator? generator = null)
    {
        if (p is < 0 or > 1 || double.IsNaN(p))
        {
            throw new ArgumentOutOfRangeException(nameof(p), p, "Dropout2d: probability has to be between 0 and 1.");
        }

        P = p;
        _generator = generator;
    }

    /// <summary>Probability of zeroing a channel.</summary>
    public double P { get; }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => Functional.Dropout2d(input, P, IsTraining, _generator);

    /// <inheritdoc/>
    protected override string ExtraRepresentation() => string.Create(CultureInfo.InvariantCulture, $"p={P}");
}
