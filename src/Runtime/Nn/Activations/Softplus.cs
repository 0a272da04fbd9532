namespace AutoDiffGen.Nn;

/// <summary>Applies log(1 + e^(βx)) / β elementwise (<c>torch.nn.Softplus</c>).</summary>
public sealed class Softplus : Module
{
    /// <summary>Creates the activation.</summary>
    public Softplus(double beta = 1, double threshold = 20)
    {
        Beta = beta;
        Threshold = threshold;
    }

    /// <summary>β.</summary>
    public double Beta { get; }

    /// <summary>Above βx = threshold the function reverts to x.</summary>
    public double Threshold { get; }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => Functional.Softplus(input, Beta, Threshold);
}
