namespace AutoDiffGen.Nn;

/// <summary>Mean squared error (<c>torch.nn.MSELoss</c>); see <see cref="Functional.MseLoss"/>.</summary>
public sealed class MSELoss : Loss
{
    /// <summary>Creates the loss.</summary>
    public MSELoss(Reduction reduction = Reduction.Mean)
        : base(reduction)
    {
    }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input, Tensor target) => Functional.MseLoss(input, target, Reduction);
}
