using System.Globalization;

namespace AutoDiffGen.Nn;

/// <summary>
/// A 1-D transposed convolution layer (<c>torch.nn.ConvTranspose1d</c>): weight [C_in, C_out/groups, k], bias [C_out],
/// PyTorch's default initialisation; see <see cref="Functional.ConvTranspose1d"/>.
/// </summary>
public sealed class ConvTranspose1d : Module
{
    /// <summary>Creates the layer with freshly initialised parameters.</summary>
    /// <param name="inChannels">Channels of the input.</param>
    /// <param name="outChannels">Channels the layer produces.</param>
    /// <param name="kernelSize">Kernel length.</param>
    /// <param name="stride">Step between windows.</param>
    /// <param name="padding">dilation·(kernel − 1) − padding zeros are added to both sides of the input.</param>
    /// <param name="outputPadding">Extra size added to one side of the output.</param>
    /// <param name="groups">Blocked connections from input to output channels.</param>
    /// <param name="bias">Whether to learn an additive bias.</param>
    /// <param name="dilation">Spacing between kernel taps.</param>
    /// <param name="dtype">Parameter dtype (float32 or float64).</param>
    /// <param name="generator">Random source for the initial values (the default generator when omitted).</param>
    public ConvTranspose1d(int inChannels, int outChannels, int kernelSize, int stride = 1, int padding = 0, int outputPadding = 0,
        int groups = 1, bool bias = true, int dilation = 1, DType dtype = DType.Float32, Generator? generator = null)
    {
        ConvInit.CheckChannels(nameof(ConvTranspose1d), inChannels, outChannels, groups);
        InChannels = inChannels;
        OutChannels = outChannels;
        KernelSize = kernelSize;
        Stride = stride;
        Padding = padding;
        OutputPadding = outputPadding;
        Groups = groups;
        Dilation = dilation;
        Weight = RegisterParameter("weight", Tensor.Zeros(new Shape(inChannels, outChannels / groups, kernelSize), dtype))!;
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

    /// <summary>The padding.</summary>
    public int Padding { get; }

    /// <summary>Extra size added to one side of the output.</summary>
    public int OutputPadding { get; }

    /// <summary>Channel groups.</summary>
    public int Groups { get; }

    /// <summary>Spacing between kernel taps.</summary>
    public int Dilation { get; }

    /// <summary>The weight, shape [in, out/groups, k].</summary>
    public Tensor Weight { get; }

    /// <summary>The bias, shape [out], or null when created without one.</summary>
    public Tensor? Bias { get; }

    /// <summary>Re-draws the parameters with PyTorch's default initialisation.</summary>
    public void ResetParameters(Generator? generator = null) => ConvInit.Reset(Weight, Bias, generator);

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => Functional.ConvTranspose1d(input, Weight, Bias, Stride, Padding, OutputPadding, Groups, Dilation);

    /// <inheritdoc/>
    protected override string ExtraRepresentation() => string.Create(CultureInfo.InvariantCulture,
        $"{InChannels}, {OutChannels}, kernel_size=({KernelSize},), stride=({Stride},), padding=({Padding},), output_padding=({OutputPadding},){(Groups == 1 ? "" : $", groups={Groups}")}{(Bias is null ? ", bias=False" : "")}");
}
