namespace AutoDiffGen.Nn;

/// <summary>Flattens dimensions <see cref="StartDim"/>..<see cref="EndDim"/> into one (<c>torch.nn.Flatten</c>; keeps the batch dimension by default).</summary>
/// <param name="startDim">First dimension to flatten (1 by default, keeping the batch).</param>
/// <param name="endDim">Last dimension to flatten.</param>
public sealed class Flatten(int startDim = 1, int endDim = -1) : Module
{
    /// <summary>First dimension flattened.</summary>
    public int StartDim { get; } = startDim;

    /// <summary>Last dimension flattened.</summary>
    public int EndDim { get; } = endDim;

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => input.Flatten(StartDim, EndDim);

    /// <inheritdoc/>
    protected override string ExtraRepresentation() => $"start_dim={StartDim}, end_dim={EndDim}";
}
