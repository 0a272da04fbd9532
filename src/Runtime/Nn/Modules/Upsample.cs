using System.Globalization;

namespace AutoDiffGen.Nn;

/// <summary>Nearest-neighbour upsampling (<c>torch.nn.Upsample(mode="nearest")</c>) to a size or by a scale factor; see <see cref="Functional.Interpolate"/>.</summary>
public sealed class Upsample : Module
{
    private readonly int[]? _size;
    private readonly double[]? _scaleFactor;

    /// <summary>Creates the layer; give exactly one of <paramref name="size"/> and <paramref name="scaleFactor"/>.</summary>
    /// <param name="size">Output spatial size (one entry for all dimensions, or one per dimension).</param>
    /// <param name="scaleFactor">Multiplier of each spatial size (one entry for all, or one per dimension).</param>
    public Upsample(int[]? size = null, double[]? scaleFactor = null)
    {
        if ((size is null) == (scaleFactor is null))
        {
            throw new ArgumentException("Upsample: give exactly one of size and scale_factor.");
        }

        _size = size is null ? null : (int[])size.Clone();
        _scaleFactor = scaleFactor is null ? null : (double[])scaleFactor.Clone();
    }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => Functional.Interpolate(input, _size, _scaleFactor);

    /// <inheritdoc/>
    protected override string ExtraRepresentation() => string.Create(CultureInfo.InvariantCulture,
        $"{(_size is null ? $"scale_factor={string.Join(", ", _scaleFactor!)}" : $"size={string.Join(", ", _size)}")}, mode='nearest'");
}
