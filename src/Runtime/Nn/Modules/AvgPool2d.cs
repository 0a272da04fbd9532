using System.Globalization;

namespace AutoDiffGen.Nn;

/// <summary>2-D average pooling (<c>torch.nn.AvgPool2d</c>); see <see cref="Functional.AvgPool2d"/>.</summary>
public sealed class AvgPool2d : Module
{
    /// <summary>Creates the layer.</summary>
    /// <param name="kernelSize">Window height and width.</param>
    /// <param name="stride">Step between windows (the kernel size when omitted).</param>
    /// <param name="padding">Implicit zero padding on both sides.</param>
    /// <param name="ceilMode">Whether to round the output size up.</param>
    /// <param name="countIncludePad">Whether the zero padding counts in each window's divisor.</param>
    /// <param name="divisorOverride">A fixed divisor instead of the window size.</param>
    public AvgPool2d(Size2 kernelSize, Size2? stride = null, Size2? padding = null, bool ceilMode = false, bool countIncludePad = true, int? divisorOverride = null)
    {
        KernelSize = kernelSize;
        Stride = stride ?? kernelSize;
        Padding = padding ?? 0;
        CeilMode = ceilMode;
        CountIncludePad = countIncludePad;
        DivisorOverride = divisorOverride;
    }

    /// <summary>Window height and width.</summary>
    public Size2 KernelSize { get; }

    /// <summary>Step between windows.</summary>
    public Size2 Stride { get; }

    /// <summary>Implicit zero padding on both sides.</summary>
    public Size2 Padding { get; }

    /// <summary>Whether the output size is rounded up.</summary>
    public bool CeilMode { get; }

    /// <summary>Whether the zero padding counts in each window's divisor.</summary>
    public bool CountIncludePad { get; }

    /// <summary>A fixed divisor, or null for the window size.</summary>
    public int? DivisorOverride { get; }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => Functional.AvgPool2d(input, KernelSize, Stride, Padding, CeilMode, CountIncludePad, DivisorOverride);

    /// <inheritdoc/>
    protected override string ExtraRepresentation() => string.Create(CultureInfo.InvariantCulture,
        $"kernel_size={KernelSize}, stride={Stride}, padding={Padding}");
}
