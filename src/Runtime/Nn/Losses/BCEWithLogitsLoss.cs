namespace AutoDiffGen.Nn;

/// <summary>Binary cross entropy on logits, in the stable form (<c>torch.nn.BCEWithLogitsLoss</c>); see <see cref="Functional.BinaryCrossEntropyWithLogits"/>.</summary>
public sealed class BCEWithLogitsLoss : Loss
{
    /// <summary>Creates the loss.</summary>
    public BCEWithLogitsLoss(Tensor? weight = null, Reduction reduction = Reduction.Mean, Tensor? posWeight = null)
        : base(reduction)
    {
        Weight = RegisterBuffer("weight", weight);
        PosWeight = RegisterBuffer("pos_weight", posWeight);
    }

    /// <summary>Optional per-element rescaling weight.</summary>
    public Tensor? Weight { get; }

    /// <summary>Optional weight of positive examples, broadcast along the last dimension.</summary>
    public Tensor? PosWeight { get; }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input, Tensor target) => Functional.BinaryCrossEntropyWithLogits(input, target, Weight, Reduction, PosWeight);
}
