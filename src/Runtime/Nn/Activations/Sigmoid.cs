namespace AutoDiffGen.Nn;

/// <summary>Applies 1 / (1 + e^−x) elementwise (<c>torch.nn.Sigmoid</c>).</summary>
public sealed class Sigmoid : Module
{
    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => Functional.Sigmoid(input);
}
