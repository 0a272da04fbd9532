using System.Globalization;

namespace AutoDiffGen.Nn;

/// <summary>Adaptive 2-D max pooling to a fixed output size (<c>torch.nn.AdaptiveMaxPool2d</c>).</summary>
public sealed class AdaptiveMaxPool2d : Module
{
    /// <summary>Creates the layer.</summary>
    /// <param name="outputSize">Output height and width.</param>
    public AdaptiveMaxPool2d(Size2 outputSize) => OutputSize = outputSize;

    /// <summary>Output height and width.</summary>
    public Size2 OutputSize { get; }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => Functional.AdaptiveMaxPool2d(input, OutputSize);

    /// <summary>The pooled output and the flat position of each maximum (<c>return_indices=True</c>).</summary>
    public (Tensor Output, Tensor Indices) ForwardWithIndices(Tensor input) => Functional.AdaptiveMaxPool2dWithIndices(input, OutputSize);

    /// <inheritdoc/>
    protected override string ExtraRepresentation() => string.Create(CultureInfo.InvariantCulture, $"output_size={OutputSize}");
}
