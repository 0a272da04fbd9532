using System.Globalization;

namespace AutoDiffGen.Nn;

/// <summary>
/// A 2-D transposed convolution layer (<c>torch.nn.ConvTranspose2d</c>): weight [C_in, C_out/groups, kH, kW], bias
/// [C_out], PyTorch's default initialisation; see <see cref="Functional.ConvTranspose2d"/>.
/// </summary>
public sealed class ConvTranspose2d : Module
{
    /// <summary>Creates the layer with freshly initialised parameters.</summary>
    /// <param name="inChannels">Channels of the input.</param>
    /// <param name="outChannels">Channels the layer produces.</param>
    /// <param name="kernelSize">Kernel height and width.</param>
    /// <param name="stride">Step between windows (default 1).</param>
    /// <param name="padding">dilation·(kernel − 1) − padding zeros are added to both sides of the input (default 0).</param>
    /// <param name="outputPadding">Extra size added to one side of the output (default 0).</param>
    /// <param name="groups">Blocked connections from input to output channels.</param>
    /// <param name="bias">Whether to learn an additive bias.</param>
    /// <param name="dilation">Spacing between kernel taps (default 1).</param>
    /// <param name="dtype">Parameter dtype (float32 or float64).</param>
    /// <param name="generator">Random source for the initial values (the default generator when omitted).</param>
    public ConvTranspose2d(int inChannels, int outChannels, Size2 kernelSize, Size2? stride = null, Size2? padding = null, Size2? outputPadding = null,
        int groups = 1, bool bias = true, Size2? dilation = null, DType dtype = DType.Float32, Generator? generator = null)
    {
        ConvInit.CheckChannels(nameof(ConvTranspose2d), inChannels, outChannels, groups);
        InChannels = inChannels;
        OutChannels = outChannels;
        KernelSize = kernelSize;
        Stride = stride ?? 1;
        Padding = padding ?? 0;
        OutputPadding = outputPadding ?? 0;
        Groups = groups;
        Dilation = dilation ?? 1;
        Weight = RegisterParameter("weight", Tensor.Zeros(new Shape(inChannels, outChannels / groups, kernelSize.Height, kernelSize.Width), dtype))!;
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
    public Size2 Padding { get; }

    /// <summary>Extra size added to one side of the output.</summary>
    public Size2 OutputPadding { get; }

    /// <summary>Channel groups.</summary>
    public int Groups { get; }

    /// <summary>Spacing between kernel taps.</summary>
    public Size2 Dilation { get; }

    /// <summary>The weight, shape [in, out/groups, kH, kW].</summary>
    public Tensor Weight { get; }

    /// <summary>The bias, shape [out], or null when created without one.</summary>
    public Tensor? Bias { get; }

    /// <summary>Re-draws the parameters with PyTorch's default initialisation.</summary>
    public void ResetParameters(Generator? generator = null) => ConvInit.Reset(Weight, Bias, generator);

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => Functional.ConvTranspose2d(input, Weight, Bias, Stride, Padding, OutputPadding, Groups, Dilation);

    /// <inheritdoc/>
    protected override string ExtraRepresentation() => string.Create(CultureInfo.InvariantCulture,
        $"{InChannels}, {OutChannels}, kernel_size={KernelSize}, stride={Stride}, padding={Padding}, output_padding={OutputPadding}{(Groups == 1 ? "" : $", groups={Groups}")}{(Bias is null ? ", bias=False" : "")}");
}
