namespace AutoDiffGen.Nn;

/// <summary>Binary cross entropy on probabilities (<c>torch.nn.BCELoss</c>); see <see cref="Functional.BinaryCrossEntropy"/>.</summary>
public sealed class BCELoss : Loss
{
    /// <summary>Creates the loss.</summary>
    public BCELoss(Tensor? weight = null, Reduction reduction = Reduction.Mean)
        : base(reduction)
    {
        Weight = RegisterBuffer("weight", weight);
    }

    /// <summary>Optional per-element rescaling weight.</summary>
    public Tensor? Weight { get; }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input, Tensor target) => Functional.BinaryCrossEntropy(input, target, Weight, Reduction);
}
