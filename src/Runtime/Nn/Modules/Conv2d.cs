using System.Globalization;

namespace AutoDiffGen.Nn;

/// <summary>
/// A 2-D convolution layer (<c>torch.nn.Conv2d</c>) over [N, C_in, H, W] input: weight [C_out, C_in/groups, kH, kW],
/// bias [C_out], PyTorch's default initialisation. Non-zero padding modes pad the input first (as PyTorch does), then
/// convolve without padding.
/// </summary>
public sealed class Conv2d : Module
{
    /// <summary>Creates the layer with freshly initialised parameters.</summary>
    /// <param name="inChannels">Channels of the input.</param>
    /// <param name="outChannels">Channels the layer produces.</param>
    /// <param name="kernelSize">Kernel height and width.</param>
    /// <param name="stride">Step between windows (default 1).</param>
    /// <param name="padding">Padding: a number or pair, or "same"/"valid" (default 0).</param>
    /// <param name="dilation">Spacing between kernel taps (default 1).</param>
    /// <param name="groups">Blocked connections from input to output channels (default 1; in_channels for depthwise).</param>
    /// <param name="bias">Whether to learn an additive bias.</param>
    /// <param name="paddingMode">How the padding is filled.</param>
    /// <param name="dtype">Parameter dtype (float32 or float64).</param>
    /// <param name="generator">Random source for the initial values (the default generator when omitted).</param>
    public Conv2d(int inChannels, int outChannels, Size2 kernelSize, Size2? stride = null, ConvPadding padding = default, Size2? dilation = null,
        int groups = 1, bool bias = true, PaddingMode paddingMode = PaddingMode.Zeros, DType dtype = DType.Float32, Generator? generator = null)
    {
        ConvInit.CheckChannels(nameof(Conv2d), inChannels, outChannels, groups);
        if (kernelSize.Height <= 0 || kernelSize.Width <= 0)
        {
            throw new ArgumentException($"Conv2d: kernel size must be positive, got {kernelSize}.", nameof(kernelSize));
        }

        InChannels = inChannels;
        OutChannels = outChannels;
        KernelSize = kernelSize;
        Stride = stride ?? 1;
        Padding = padding;
        Dilation = dilation ?? 1;
        Groups = groups;
        PaddingMode = paddingMode;
        if (padding.IsSame && (Stride.Height != 1 || Stride.Width != 1))
        {
            throw new ArgumentException($"Conv2d: padding='same' is not supported for strided convolutions (stride {Stride}).", nameof(padding));
        }

        Weight = RegisterParameter("weight", Tensor.Zeros(new Shape(outChannels, inChannels / groups, kernelSize.Height, kernelSize.Width), dtype))!;
        Bias = RegisterParameter("bias", bias ? Tensor.Zeros(new Shape(outChannels), dtype) : null);
        ResetParameters(generator);
    }

    /// <summary>Channels of the input.</summary>
    public int InChannels { get; }

    /// <summary>Channels the layer produces.</summary>
    public int OutChannels { get; }

    /// <summary>Kernel height and width.</summary>
    public Size2 KernelSize { get; }

    /// <summary>Step between windows.</summary>
    public Size2 Stride { get; }

    /// <summary>The padding.</summary>
    public ConvPadding Padding { get; }

    /// <summary>Spacing between kernel taps.</summary>
    public Size2 Dilation { get; }

    /// <summary>Channel groups.</summary>
    public int Groups { get; }

    /// <summary>How the padding is filled.</summary>
    public PaddingMode PaddingMode { get; }

    /// <summary>The weight, shape [out, in/groups, kH, kW].</summary>
    public Tensor Weight { get; }

    /// <summary>The bias, shape [out], or null when created without one.</summary>
    public Tensor? Bias { get; }

    /// <summary>Re-draws the parameters with PyTorch's default initialisation.</summary>
    public void ResetParameters(Generator? generator = null) => ConvInit.Reset(Weight, Bias, generator);

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input)
    {
        if (PaddingMode == PaddingMode.Zeros)
        {
            return Functional.Conv2d(input, Weight, Bias, Stride, Padding, Dilation, Groups);
        }

        var (top, bottom) = PadAlong(Padding.IsSame, Padding.Height, Dilation.Height, KernelSize.Height);
        var (left, right) = PadAlong(Padding.IsSame, Padding.Width, Dilation.Width, KernelSize.Width);
        var padded = Functional.Pad(input, [left, right, top, bottom], ConvInit.ToPadMode(PaddingMode));
        return Functional.Conv2d(padded, Weight, Bias, Stride, 0, Dilation, Groups);
    }

    internal static (int Before, int After) PadAlong(bool same, int pad, int dilation, int kernel)
    {
        if (!same)
        {
            return (pad, pad);
        }

        int total = dilation * (kernel - 1);
        return (total / 2, total - (total / 2));
    }

    /// <inheritdoc/>
    protected override string ExtraRepresentation() => string.Create(CultureInfo.InvariantCulture,
        $"{InChannels}, {OutChannels}, kernel_size={KernelSize}, stride={Stride}{(Padding == default ? "" : $", padding={Padding}")}{(Dilation == new Size2(1, 1) ? "" : $", dilation={Dilation}")}{(Groups == 1 ? "" : $", groups={Groups}")}{(Bias is null ? ", bias=False" : "")}{(PaddingMode == PaddingMode.Zeros ? "" : $", padding_mode={ConvInit.Name(PaddingMode)}")}");
}
