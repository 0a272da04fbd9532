using System.Globalization;

namespace AutoDiffGen.Nn;

/// <summary>
/// A 1-D convolution layer (<c>torch.nn.Conv1d</c>) over [N, C_in, L] input: weight [C_out, C_in/groups, k], bias
/// [C_out], PyTorch's default initialisation and padding modes.
/// </summary>
public sealed class Conv1d : Module
{
    /// <summary>Creates the layer with freshly initialised parameters.</summary>
    /// <param name="inChannels">Channels of the input.</param>
    /// <param name="outChannels">Channels the layer produces.</param>
    /// <param name="kernelSize">Kernel length.</param>
    /// <param name="stride">Step between windows.</param>
    /// <param name="padding">Padding: a number, or "same"/"valid".</param>
    /// <param name="dilation">Spacing between kernel taps.</param>
    /// <param name="groups">Blocked connections from input to output channels.</param>
    /// <param name="bias">Whether to learn an additive bias.</param>
    /// <param name="paddingMode">How the padding is filled.</param>
    /// <param name="dtype">Parameter dtype (float32 or float64).</param>
    /// <param name="generator">Random source for the initial values (the default generator when omitted).</param>
    public Conv1d(int inChannels, int outChannels, int kernelSize, int stride = 1, ConvPadding padding = default, int dilation = 1,
        int groups = 1, bool bias = true, PaddingMode paddingMode = PaddingMode.Zeros, DType dtype = DType.Float32, Generator? generator = null)
    {
        ConvInit.CheckChannels(nameof(Conv1d), inChannels, outChannels, groups);
        if (kernelSize <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(kernelSize), kernelSize, "Conv1d: kernel size must be positive.");
        }

        if (padding.IsSame && stride != 1)
        {
            throw new ArgumentException($"Conv1d: padding='same' is not supported for strided convolutions (stride {stride}).", nameof(padding));
        }

        InChannels = inChannels;
        OutChannels = outChannels;
        KernelSize = kernelSize;
        Stride = stride;
        Padding = padding;
        Dilation = dilation;
        Groups = groups;
        PaddingMode = paddingMode;
        Weight = RegisterParameter("weight", Tensor.Zeros(new Shape(outChannels, inChannels / groups, kernelSize), dtype))!;
        Bias = RegisterParameter("bias", bias ? Tensor.Zeros(new Shape(outChannels), dtype) : null);
        ResetParameters(generator);
    }

    /// <summary>Channels of the input.</summary>
    public int InChannels { get; }

    /// <summary>Channels the layer produces.</summary>
    public int OutChannels { get; }

    /// <summary>Kernel length.</summary>
    public int KernelSize { get; }

    /// <summary>Step between windows.</summary>
    public int Stride { get; }

    /// <summary>The padding (its <see cref="ConvPadding.Width"/>, or "same").</summary>
    public ConvPadding Padding { get; }

    /// <summary>Spacing between kernel taps.</summary>
    public int Dilation { get; }

    /// <summary>Channel groups.</summary>
    public int Groups { get; }

    /// <summary>How the padding is filled.</summary>
    public PaddingMode PaddingMode { get; }

    /// <summary>The weight, shape [out, in/groups, k].</summary>
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
            return Functional.Conv1d(input, Weight, Bias, Stride, Padding, Dilation, Groups);
        }

        var (left, right) = Conv2d.PadAlong(Padding.IsSame, Padding.Width, Dilation, KernelSize);
        var padded = Functional.Pad(input, [left, right], ConvInit.ToPadMode(PaddingMode));
        return Functional.Conv1d(padded, Weight, Bias, Stride, 0, Dilation, Groups);
    }

    /// <inheritdoc/>
    protected override string ExtraRepresentation() => string.Create(CultureInfo.InvariantCulture,
        $"{InChannels}, {OutChannels}, kernel_size=({KernelSize},), stride=({Stride},){(Padding == default ? "" : Padding.IsSame ? ", padding=same" : $", padding=({Padding.Width},)")}{(Dilation == 1 ? "" : $", dilation=({Dilation},)")}{(Groups == 1 ? "" : $", groups={Groups}")}{(Bias is null ? ", bias=False" : "")}{(PaddingMode == PaddingMode.Zeros ? "" : $", padding_mode={ConvInit.Name(PaddingMode)}")}");
}
