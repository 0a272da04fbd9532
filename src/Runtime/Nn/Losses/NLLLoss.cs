namespace AutoDiffGen.Nn;

/// <summary>Negative log-likelihood of class indices (<c>torch.nn.NLLLoss</c>); see <see cref="Functional.NllLoss"/>.</summary>
public sealed class NLLLoss : Loss
{
    /// <summary>Creates the loss.</summary>
    public NLLLoss(Tensor? weight = null, long ignoreIndex = -100, Reduction reduction = Reduction.Mean)
        : base(reduction)
    {
        Weight = RegisterBuffer("weight", weight);
        IgnoreIndex = ignoreIndex;
    }

    /// <summary>Optional per-class weight.</summary>
    public Tensor? Weight { get; }

    /// <summary>Targets equal to this index are skipped.</summary>
    public long IgnoreIndex { get; }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input, Tensor target) => Functional.NllLoss(input, target, Weight, IgnoreIndex, Reduction);
}
