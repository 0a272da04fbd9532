using System.Globalization;

namespace AutoDiffGen.Nn;

/// <summary>1-D average pooling (<c>torch.nn.AvgPool1d</c>); see <see cref="Functional.AvgPool1d"/>.</summary>
public sealed class AvgPool1d : Module
{
    /// <summary>Creates the layer.</summary>
    /// <param name="kernelSize">Window length.</param>
    /// <param name="stride">Step between windows (the kernel size when omitted).</param>
    /// <param name="padding">Implicit zero padding on both sides.</param>
    /// <param name="ceilMode">Whether to round the output size up.</param>
    /// <param name="countIncludePad">Whether the zero padding counts in each window's divisor.</param>
    public AvgPool1d(int kernelSize, int? stride = null, int padding = 0, bool ceilMode = false, bool countIncludePad = true)
    {
        KernelSize = kernelSize;
        Stride = stride ?? kernelSize;
        Padding = padding;
        CeilMode = ceilMode;
        CountIncludePad = countIncludePad;
    }

    /// <summary>Window length.</summary>
    public int KernelSize { get; }

    /// <summary>Step between windows.</summary>
    public int Stride { get; }

    /// <summary>Implicit zero padding on both sides.</summary>
    public int Padding { get; }

    /// <summary>Whether the output size is rounded up.</summary>
    public bool CeilMode { get; }

    /// <summary>Whether the zero padding counts in each window's divisor.</summary>
    public bool CountIncludePad { get; }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => Functional.AvgPool1d(input, KernelSize, Stride, Padding, CeilMode, CountIncludePad);

    /// <inheritdoc/>
    protected override string ExtraRepresentation() => string.Create(CultureInfo.InvariantCulture,
        $"kernel_size=({KernelSize},), stride=({Stride},), padding=({Padding},)");
}
