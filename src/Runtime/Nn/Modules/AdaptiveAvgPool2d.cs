using System.Globalization;

namespace AutoDiffGen.Nn;

/// <summary>Adaptive 2-D average pooling to a fixed output size (<c>torch.nn.AdaptiveAvgPool2d</c>).</summary>
public sealed class AdaptiveAvgPool2d : Module
{
    /// <summary>Creates the layer.</summary>
    /// <param name="outputSize">Output height and width.</param>
    public AdaptiveAvgPool2d(Size2 outputSize) => OutputSize = outputSize;

    /// <summary>Output height and width.</summary>
    public Size2 OutputSize { get; }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => Functional.AdaptiveAvgPool2d(input, OutputSize);

    /// <inheritdoc/>
    protected override string ExtraRepresentation() => string.Create(CultureInfo.InvariantCulture, $"output_size={OutputSize}");
}
