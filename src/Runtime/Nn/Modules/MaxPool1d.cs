using System.Globalization;

namespace AutoDiffGen.Nn;

/// <summary>1-D max pooling (<c>torch.nn.MaxPool1d</c>); see <see cref="Functional.MaxPool1d"/>.</summary>
public sealed class MaxPool1d : Module
{
    /// <summary>Creates the layer.</summary>
    /// <param name="kernelSize">Window length.</param>
    /// <param name="stride">Step between windows (the kernel size when omitted).</param>
    /// <param name="padding">Implicit −∞ padding on both sides.</param>
    /// <param name="dilation">Spacing between window taps.</param>
    /// <param name="ceilMode">Whether to round the output size up.</param>
    public MaxPool1d(int kernelSize, int? stride = null, int padding = 0, int dilation = 1, bool ceilMode = false)
    {
        KernelSize = kernelSize;
        Stride = stride ?? kernelSize;
        Padding = padding;
        Dilation = dilation;
        CeilMode = ceilMode;
    }

    /// <summary>Window length.</summary>
    public int KernelSize { get; }

    /// <summary>Step between windows.</summary>
    public int Stride { get; }

    /// <summary>Implicit −∞ padding on both sides.</summary>
    public int Padding { get; }

    /// <summary>Spacing between window taps.</summary>
    public int Dilation { get; }

    /// <summary>Whether the output size is rounded up.</summary>
    public bool CeilMode { get; }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => Functional.MaxPool1d(input, KernelSize, Stride, Padding, Dilation, CeilMode);

    /// <summary>The pooled output and the position of each maximum (<c>return_indices=True</c>).</summary>
    public (Tensor Output, Tensor Indices) ForwardWithIndices(Tensor input) => Functional.MaxPool1dWithIndices(input, KernelSize, Stride, Padding, Dilation, CeilMode);

    /// <inheritdoc/>
    protected override string ExtraRepresentation() => string.Create(CultureInfo.InvariantCulture,
        $"kernel_size={KernelSize}, stride={Stride}, padding={Padding}, dilation={Dilation}, ceil_mode={(CeilMode ? "True" : "False")}");
}
