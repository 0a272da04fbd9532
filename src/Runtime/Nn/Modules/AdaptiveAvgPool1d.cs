using System.Globalization;

namespace AutoDiffGen.Nn;

/// <summary>Adaptive 1-D average pooling to a fixed output length (<c>torch.nn.AdaptiveAvgPool1d</c>).</summary>
public sealed class AdaptiveAvgPool1d : Module
{
    /// <summary>Creates the layer.</summary>
    /// <param name="outputSize">Output length.</param>
    public AdaptiveAvgPool1d(int outputSize) => OutputSize = outputSize;

    /// <summary>Output length.</summary>
    public int OutputSize { get; }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => Functional.AdaptiveAvgPool1d(input, OutputSize);

    /// <inheritdoc/>
    protected override string ExtraRepresentation() => string.Create(CultureInfo.InvariantCulture, $"output_size={OutputSize}");
}
