namespace AutoDiffGen.Nn;

/// <summary>Huber loss (<c>torch.nn.HuberLoss</c>); see <see cref="Functional.HuberLoss"/>.</summary>
public sealed class HuberLoss : Loss
{
    /// <summary>Creates the loss.</summary>
    public HuberLoss(Reduction reduction = Reduction.Mean, double delta = 1.0)
        : base(reduction)
    {
        Delta = delta > 0 ? delta : throw new ArgumentOutOfRangeException(nameof(delta), delta, "HuberLoss: delta must be positive.");
    }

    /// <summary>Where the loss turns from quadratic to linear.</summary>
    public double Delta { get; }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input, Tensor target) => Functional.HuberLoss(input, target, Reduction, Delta);
}
