namespace AutoDiffGen.Nn;

/// <summary>Applies softmax along <see cref="Dim"/> (<c>torch.nn.Softmax</c>).</summary>
public sealed class Softmax : Module
{
    /// <summary>Creates the activation over dimension <paramref name="dim"/>.</summary>
    public Softmax(int dim) => Dim = dim;

    /// <summary>The dimension that sums to one.</summary>
    public int Dim { get; }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => Functional.Softmax(input, Dim);

    /// <inheritdoc/>
    protected override string ExtraRepresentation() => FormattableString.Invariant($"dim={Dim}");
}
