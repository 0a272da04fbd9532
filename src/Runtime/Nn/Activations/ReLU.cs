namespace AutoDiffGen.Nn;

/// <summary>Applies max(x, 0) elementwise (<c>torch.nn.ReLU</c>).</summary>
public sealed class ReLU : Module
{
    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => Functional.Relu(input);
}
