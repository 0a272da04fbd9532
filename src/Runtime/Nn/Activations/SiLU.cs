namespace AutoDiffGen.Nn;

/// <summary>Applies x·sigmoid(x) elementwise (<c>torch.nn.SiLU</c>).</summary>
public sealed class SiLU : Module
{
    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => Functional.Silu(input);
}
