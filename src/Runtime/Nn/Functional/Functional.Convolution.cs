using System.Globalization;
using AutoDiffGen.Kernels;

namespace AutoDiffGen.Nn;

public static partial class Functional
{
    /// <summary>
    /// 2-D convolution (<c>F.conv2d</c>, a cross-correlation as in PyTorch) of [N, C_in, H, W] (or unbatched [C_in, H, W])
    /// input with a [C_out, C_in/groups, kH, kW] weight and optional [C_out] bias. Padding is zeros; pad first with
    /// <see cref="Pad"/> (or use the <see cref="Conv2d"/> module's padding mode) for other fills. Groups split the channels
    /// (groups = C_in is a depthwise convolution). Built from im2col and matrix products, so input, weight and bias
    /// gradients — and gradients of those (createGraph) — all compose.
    /// </summary>
    public static Tensor Conv2d(Tensor input, Tensor weight, Tensor? bias = null, Size2? stride = null, ConvPadding padding = default, Size2? dilation = null, int groups = 1)
    {
        var s = stride ?? 1;
        var d = dilation ?? 1;
        bool unbatched = input.Rank == 3;
        if (input.Rank is not (3 or 4) || weight.Rank != 4)
        {
            throw new ArgumentException(
                $"Conv2d: expected a 3-D (unbatched) or 4-D (batched) input and a 4-D weight [out_channels, in_channels/groups, kH, kW], got input {input.Shape} and weight {weight.Shape}.");
        }

        var x = unbatched ? input.Unsqueeze(0) : input;
        var (top, bottom) = ConvPaddingAlong("Conv2d", padding, padding.Height, s.Height, d.Height, weight.Shape[2]);
        var (left, right) = ConvPaddingAlong("Conv2d", padding, padding.Width, s.Width, d.Width, weight.Shape[3]);
        var output = ConvCore("Conv2d", x, weight, bias, s, d, top, bottom, left, right, groups, input.Shape, weight.Shape);
        return unbatched ? output.Squeeze(0) : output;
    }

    /// <summary>
    /// 1-D convolution (<c>F.conv1d</c>) of [N, C_in, L] (or unbatched [C_in, L]) input with a [C_out, C_in/groups, k]
    /// weight and optional [C_out] bias; the 2-D convolution over a height of 1.
    /// </summary>
    public static Tensor Conv1d(Tensor input, Tensor weight, Tensor? bias = null, int stride = 1, ConvPadding padding = default, int dilation = 1, int groups = 1)
    {
        bool unbatched = input.Rank == 2;
        if (input.Rank is not (2 or 3) || weight.Rank != 3)
        {
            throw new ArgumentException(
                $"Conv1d: expected a 2-D (unbatched) or 3-D (batched) input and a 3-D weight [out_channels, in_channels/groups, k], got input {input.Shape} and weight {weight.Shape}.");
        }

        var x = (unbatched ? input.Unsqueeze(0) : input).Unsqueeze(2);
        var (left, right) = ConvPaddingAlong("Conv1d", padding, padding.Width, stride, dilation, weight.Shape[2]);
        var output = ConvCore("Conv1d", x, weight.Unsqueeze(2), bias, (1, stride), (1, dilation), 0, 0, left, right, groups, input.Shape, weight.Shape).Squeeze(2);
        return unbatched ? output.Squeeze(0) : output;
    }

    /// <summary>
    /// 2-D transposed convolution (<c>F.conv_transpose2d</c>, the gradient of <see cref="Conv2d(Tensor, Tensor, Tensor?, Size2?, ConvPadding, Size2?, int)"/>
    /// with respect to its input) of [N, C_in, H, W] input with a [C_in, C_out/groups, kH, kW] weight: the output is
    /// (H − 1)·stride − 2·padding + dilation·(kH − 1) + outputPadding + 1 high, and likewise wide.
    /// </summary>
    public static Tensor ConvTranspose2d(Tensor input, Tensor weight, Tensor? bias = null, Size2? stride = null, Size2? padding = null, Size2? outputPadding = null, int groups = 1, Size2? dilation = null)
    {
        bool unbatched = input.Rank == 3;
        if (input.Rank is not (3 or 4) || weight.Rank != 4)
        {
            throw new ArgumentException(
                $"ConvTranspose2d: expected a 3-D (unbatched) or 4-D (batched) input and a 4-D weight [in_channels, out_channels/groups, kH, kW], got input {input.Shape} and weight {weight.Shape}.");
        }

        var x = unbatched ? input.Unsqueeze(0) : input;
        var output = ConvTransposeCore("ConvTranspose2d", x, weight, bias, stride ?? 1, padding ?? 0, outputPadding ?? 0, groups, dilation ?? 1);
        return unbatched ? output.Squeeze(0) : output;
    }

    /// <summary>1-D transposed convolution (<c>F.conv_transpose1d</c>) of [N, C_in, L] input with a [C_in, C_out/groups, k] weight.</summary>
    public static Tensor ConvTranspose1d(Tensor input, Tensor weight, Tensor? bias = null, int stride = 1, int padding = 0, int outputPadding = 0, int groups = 1, int dilation = 1)
    {
        bool unbatched = input.Rank == 2;
        if (input.Rank is not (2 or 3) || weight.Rank != 3)
        {
            throw new ArgumentException(
                $"ConvTranspose1d: expected a 2-D (unbatched) or 3-D (batched) input and a 3-D weight [in_channels, out_channels/groups, k], got input {input.Shape} and weight {weight.Shape}.");
        }

        var x = (unbatched ? input.Unsqueeze(0) : input).Unsqueeze(2);
        var output = ConvTransposeCore("ConvTranspose1d", x, weight.Unsqueeze(2), bias, (1, stride), (0, padding), (0, outputPadding), groups, (1, dilation)).Squeeze(2);
        return unbatched ? output.Squeeze(0) : output;
    }

    /// <summary>
    /// Extracts sliding blocks (<c>F.unfold</c>, im2col): [N, C, H, W] to [N, C·kH·kW, L], L the number of block
    /// positions; each column holds one block, channel-major then kernel row then column.
    /// </summary>
    public static Tensor Unfold(Tensor input, Size2 kernelSize, Size2? dilation = null, Size2? padding = null, Size2? stride = null)
    {
        if (input.Rank != 4)
        {
            throw new ArgumentException($"Unfold: expected a 4-D input [N, C, H, W], got shape {input.Shape}.");
        }

        var g = WindowGeometry("Unfold", input.Shape, kernelSize, stride ?? 1, padding ?? 0, dilation ?? 1);
        return Tensor.Im2Col(input, g);
    }

    /// <summary>
    /// Sums sliding blocks back into images (<c>F.fold</c>, col2im), the adjoint of <see cref="Unfold"/>: [N, C·kH·kW, L]
    /// to [N, C, outputSize.Height, outputSize.Width], overlapping blocks added.
    /// </summary>
    public static Tensor Fold(Tensor input, Size2 outputSize, Size2 kernelSize, Size2? dilation = null, Size2? padding = null, Size2? stride = null)
    {
        int taps = kernelSize.Height * kernelSize.Width;
        if (input.Rank != 3 || taps <= 0 || input.Shape[1] % taps != 0)
        {
            throw new ArgumentException(
                $"Fold: expected a 3-D input [N, C·kH·kW, L] whose second dimension divides by the kernel's {kernelSize.Height}×{kernelSize.Width} taps, got shape {input.Shape}.");
        }

        var image = new Shape(input.Shape[0], input.Shape[1] / taps, outputSize.Height, outputSize.Width);
        var g = WindowGeometry("Fold", image, kernelSize, stride ?? 1, padding ?? 0, dilation ?? 1);
        if (input.Shape[2] != g.Columns)
        {
            throw new ArgumentException(
                $"Fold: an output of {outputSize.Height}×{outputSize.Width} with kernel {kernelSize}, stride {stride ?? 1}, padding {padding ?? 0} and dilation {dilation ?? 1} has {g.OutH}×{g.OutW} = {g.Columns} blocks, but the input of shape {input.Shape} has {input.Shape[2]}.");
        }

        return Tensor.Col2Im(input, g);
    }

    /// <summary>The padding before and after one spatial dimension: explicit, or "same" split as PyTorch splits it.</summary>
    private static (int Before, int After) ConvPaddingAlong(string layer, ConvPadding padding, int explicitPad, int stride, int dilation, int kernel)
    {
        if (!padding.IsSame)
        {
            return (explicitPad, explicitPad);
        }

        if (stride != 1)
        {
            throw new ArgumentException($"{layer}: padding='same' is not supported for strided convolutions (stride {stride}); pass explicit padding.");
        }

        int total = dilation * (kernel - 1);
        return (total / 2, total - (total / 2));
    }

    /// <summary>
    /// The convolution every Conv* form reduces to: 4-D input, 4-D weight, zero padding (before/after per dimension).
    /// Columns [N, C_in·kH·kW, L] from im2col, then per group a [C_out/g, C_in/g·kH·kW] × [.., L] product batched over N.
    /// </summary>
    private static Tensor ConvCore(string layer, Tensor x, Tensor weight, Tensor? bias, Size2 stride, Size2 dilation, int top, int bottom, int left, int right, int groups, Shape inputShape, Shape weightShape)
    {
        int n = x.Shape[0], cIn = x.Shape[1], h = x.Shape[2], w = x.Shape[3];
        int cOut = weight.Shape[0], kh = weight.Shape[2], kw = weight.Shape[3];
        string Shapes() => $"input {inputShape} and weight {weightShape}";
        if (groups <= 0)
        {
            throw new ArgumentException($"{layer}: groups must be positive, got {groups}.");
        }

        if (cIn % groups != 0 || cOut % groups != 0)
        {
            throw new ArgumentException($"{layer}: groups = {groups} must divide both the input channels ({cIn}) and the output channels ({cOut}); {Shapes()}.");
        }

        if (weight.Shape[1] * groups != cIn)
        {
            throw new ArgumentException(
                $"{layer}: the input has {cIn} channels but the weight expects {weight.Shape[1] * groups} (weight.Shape[1] = {weight.Shape[1]} × groups {groups}); {Shapes()}.");
        }

        if (bias is not null && (bias.Rank != 1 || bias.Shape[0] != cOut))
        {
            throw new ArgumentException($"{layer}: bias of shape {bias.Shape} does not match {cOut} output channels; expected [{cOut}].");
        }

        CheckPositive(layer, "stride", stride);
        CheckPositive(layer, "dilation", dilation);
        if (top < 0 || bottom < 0 || left < 0 || right < 0)
        {
            throw new ArgumentException($"{layer}: padding must be non-negative, got ({top}, {left}); {Shapes()}.");
        }

        int spanH = (dilation.Height * (kh - 1)) + 1, spanW = (dilation.Width * (kw - 1)) + 1;
        int paddedH = h + top + bottom, paddedW = w + left + right;
        if (spanH > paddedH || spanW > paddedW)
        {
            throw new ArgumentException(
                $"{layer}: the kernel ({DescribeKernel(layer, kh, kw, spanH, spanW)}) is larger than the padded input ({DescribeSize(layer, paddedH, paddedW)}); {Shapes()}.");
        }

        int outH = ((paddedH - spanH) / stride.Height) + 1, outW = ((paddedW - spanW) / stride.Width) + 1;
        var g = new Im2ColGeometry(cIn, h, w, kh, kw, stride.Height, stride.Width, top, left, dilation.Height, dilation.Width, outH, outW);
        var columns = Tensor.Im2Col(x, g);
        Tensor output;
        if (groups == 1)
        {
            output = Tensor.MatMul(weight.Reshape(cOut, g.Rows), columns);
        }
        else
        {
            int rowsPerGroup = g.Rows / groups;
            output = Tensor.MatMul(weight.Reshape(groups, cOut / groups, rowsPerGroup), columns.Reshape(n, groups, rowsPerGroup, g.Columns));
        }

        output = output.Reshape(n, cOut, outH, outW);
        return bias is null ? output : output + bias.Reshape(cOut, 1, 1);
    }

    /// <summary>Transposed convolution: per group Wᵀ·x gives the columns of the output, which col2im sums into place.</summary>
    private static Tensor ConvTransposeCore(string layer, Tensor x, Tensor weight, Tensor? bias, Size2 stride, Size2 padding, Size2 outputPadding, int groups, Size2 dilation)
    {
        int n = x.Shape[0], cIn = x.Shape[1], h = x.Shape[2], w = x.Shape[3];
        int kh = weight.Shape[2], kw = weight.Shape[3];
        if (groups <= 0 || cIn % groups != 0)
        {
            throw new ArgumentException($"{layer}: groups = {groups} must be positive and divide the input channels ({cIn}); input {x.Shape}, weight {weight.Shape}.");
        }

        if (weight.Shape[0] != cIn)
        {
            throw new ArgumentException($"{layer}: the input has {cIn} channels but the weight [in_channels, out_channels/groups, kH, kW] has {weight.Shape[0]}; input {x.Shape}, weight {weight.Shape}.");
        }

        int cOut = weight.Shape[1] * groups;
        if (bias is not null && (bias.Rank != 1 || bias.Shape[0] != cOut))
        {
            throw new ArgumentException($"{layer}: bias of shape {bias.Shape} does not match {cOut} output channels; expected [{cOut}].");
        }

        CheckPositive(layer, "stride", stride);
        CheckPositive(layer, "dilation", dilation);
        if (padding.Height < 0 || padding.Width < 0 || outputPadding.Height < 0 || outputPadding.Width < 0)
        {
            throw new ArgumentException($"{layer}: padding {padding} and output padding {outputPadding} must be non-negative.");
        }

        if (outputPadding.Height >= Math.Max(stride.Height, dilation.Height) || outputPadding.Width >= Math.Max(stride.Width, dilation.Width))
        {
            throw new ArgumentException($"{layer}: output padding {outputPadding} must be smaller than either stride {stride} or dilation {dilation}.");
        }

        int outH = ((h - 1) * stride.Height) - (2 * padding.Height) + (dilation.Height * (kh - 1)) + outputPadding.Height + 1;
        int outW = ((w - 1) * stride.Width) - (2 * padding.Width) + (dilation.Width * (kw - 1)) + outputPadding.Width + 1;
        if (outH <= 0 || outW <= 0)
        {
            throw new ArgumentException($"{layer}: the output size would be {DescribeSize(layer, outH, outW)}, which is not positive; input {x.Shape}, weight {weight.Shape}, stride {stride}, padding {padding}.");
        }

        var g = new Im2ColGeometry(cOut, outH, outW, kh, kw, stride.Height, stride.Width, padding.Height, padding.Width, dilation.Height, dilation.Width, h, w);
        int rowsPerGroup = g.Rows / groups, inPerGroup = cIn / groups;
        Tensor columns = groups == 1
            ? Tensor.MatMul(weight.Reshape(cIn, g.Rows).T, x.Reshape(n, cIn, h * w))
            : Tensor.MatMul(weight.Reshape(groups, inPerGroup, rowsPerGroup).MT, x.Reshape(n, groups, inPerGroup, h * w));
        var output = Tensor.Col2Im(columns.Reshape(n, g.Rows, h * w), g);
        return bias is null ? output : output + bias.Reshape(cOut, 1, 1);
    }

    /// <summary>Window geometry of Unfold/Fold/pooling over [N, C, H, W], with the checks PyTorch makes.</summary>
    private static Im2ColGeometry WindowGeometry(string layer, Shape image, Size2 kernel, Size2 stride, Size2 padding, Size2 dilation)
    {
        CheckPositive(layer, "kernel size", kernel);
        CheckPositive(layer, "stride", stride);
        CheckPositive(layer, "dilation", dilation);
        if (padding.Height < 0 || padding.Width < 0)
        {
            throw new ArgumentException($"{layer}: padding must be non-negative, got {padding}.");
        }

        int h = image[2], w = image[3];
        int spanH = (dilation.Height * (kernel.Height - 1)) + 1, spanW = (dilation.Width * (kernel.Width - 1)) + 1;
        int outH = ((h + (2 * padding.Height) - spanH) / stride.Height) + 1, outW = ((w + (2 * padding.Width) - spanW) / stride.Width) + 1;
        if (spanH > h + (2 * padding.Height) || spanW > w + (2 * padding.Width))
        {
            throw new ArgumentException(
                $"{layer}: the kernel {kernel} with dilation {dilation} (spanning {spanH}×{spanW}) is larger than the padded input ({h + (2 * padding.Height)}×{w + (2 * padding.Width)}) of shape {image}.");
        }

        return new Im2ColGeometry(image[1], h, w, kernel.Height, kernel.Width, stride.Height, stride.Width, padding.Height, padding.Width, dilation.Height, dilation.Width, outH, outW);
    }

    private static void CheckPositive(string layer, string what, Size2 value)
    {
        if (value.Height <= 0 || value.Width <= 0)
        {
            throw new ArgumentException($"{layer}: {what} must be positive, got {value}.");
        }
    }

    private static string DescribeKernel(string layer, int kh, int kw, int spanH, int spanW)
        => layer.EndsWith("1d", StringComparison.Ordinal)
            ? string.Create(CultureInfo.InvariantCulture, $"size {kw}, dilated span {spanW}")
            : string.Create(CultureInfo.InvariantCulture, $"{kh}×{kw}, dilated span {spanH}×{spanW}");

    private static string DescribeSize(string layer, int h, int w)
        => layer.EndsWith("1d", StringComparison.Ordinal) ? w.ToString(CultureInfo.InvariantCulture) : string.Create(CultureInfo.InvariantCulture, $"{h}×{w}");
}
