namespace AutoDiffGen.Nn;

/// <summary>
/// Base of the loss modules (PyTorch's <c>_Loss</c>): a module of two inputs, the prediction and the target, with a
/// <see cref="Nn.Reduction"/>. Weights are registered as buffers, so they travel with the state dict.
/// </summary>
public abstract class Loss : Module
{
    /// <summary>Sets the reduction.</summary>
    protected Loss(Reduction reduction) => Reduction = reduction;

    /// <summary>How per-element losses are reduced.</summary>
    public Reduction Reduction { get; }

    /// <summary>Computes the loss of <paramref name="input"/> against <paramref name="target"/>.</summary>
    public abstract Tensor Forward(Tensor input, Tensor target);

    /// <summary>Runs <see cref="Forward(Tensor, Tensor)"/> (PyTorch's <c>criterion(input, target)</c>).</summary>
    public Tensor Call(Tensor input, Tensor target) => Forward(input, target);

    /// <summary>Always throws: a loss needs a target.</summary>
    public sealed override Tensor Forward(Tensor input)
        => throw new NotSupportedException($"{GetType().Name} needs a target: call Forward(input, target).");

    /// <inheritdoc/>
    protected override string ExtraRepresentation() => $"reduction={Reduction}";
}
