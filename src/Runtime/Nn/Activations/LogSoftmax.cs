namespace AutoDiffGen.Nn;

/// <summary>Applies log-softmax along <see cref="Dim"/> (<c>torch.nn.LogSoftmax</c>).</summary>
public sealed class LogSoftmax : Module
{
    /// <summary>Creates the activation over dimension <paramref name="dim"/>.</summary>
    public LogSoftmax(int dim) => Dim = dim;

    /// <summary>The dimension normalised over.</summary>
    public int Dim { get; }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => Functional.LogSoftmax(input, Dim);

    /// <inheritdoc/>
    protected override string ExtraRepresentation() => FormattableString.Invariant($"dim={Dim}");
}
