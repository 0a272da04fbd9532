namespace AutoDiffGen.Nn;

/// <summary>Applies the Gaussian error linear unit (<c>torch.nn.GELU</c>), exact or with the tanh approximation.</summary>
public sealed class GELU : Module
{
    /// <summary>Creates the activation.</summary>
    public GELU(GeluApproximation approximate = GeluApproximation.None) => Approximate = approximate;

    /// <summary>Which form is computed.</summary>
    public GeluApproximation Approximate { get; }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => Functional.Gelu(input, Approximate);

    /// <inheritdoc/>
    protected override string ExtraRepresentation() => $"approximate={(Approximate == GeluApproximation.Tanh ? "tanh" : "none")}";
}
