namespace AutoDiffGen.Nn;

/// <summary>Cross entropy of logits against class indices or probabilities (<c>torch.nn.CrossEntropyLoss</c>); see <see cref="Functional.CrossEntropy"/>.</summary>
public sealed class CrossEntropyLoss : Loss
{
    /// <summary>Creates the loss.</summary>
    public CrossEntropyLoss(Tensor? weight = null, long ignoreIndex = -100, Reduction reduction = Reduction.Mean, double labelSmoothing = 0)
        : base(reduction)
    {
        Weight = RegisterBuffer("weight", weight);
        IgnoreIndex = ignoreIndex;
        LabelSmoothing = labelSmoothing;
    }

    /// <summary>Optional per-class weight.</summary>
    public Tensor? Weight { get; }

    /// <summary>Targets equal to this index are skipped (index targets only).</summary>
    public long IgnoreIndex { get; }

    /// <summary>Label smoothing ε in [0, 1].</summary>
    public double LabelSmoothing { get; }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input, Tensor target) => Functional.CrossEntropy(input, target, Weight, IgnoreIndex, Reduction, LabelSmoothing);
}
