using AutoDiffGen.Kernels;

namespace AutoDiffGen.Nn;

public static partial class Functional
{
    /// <summary>
    /// 2-D max pooling (<c>F.max_pool2d</c>) of [N, C, H, W] (or [C, H, W]) input; padding counts as −∞. The stride
    /// defaults to the kernel size. With <paramref name="ceilMode"/> the last window may hang over the edge (it must
    /// start inside the input or left padding). The gradient goes to each window's first maximum.
    /// </summary>
    public static Tensor MaxPool2d(Tensor input, Size2 kernelSize, Size2? stride = null, Size2? padding = null, Size2? dilation = null, bool ceilMode = false)
        => MaxPool2dWithIndices(input, kernelSize, stride, padding, dilation, ceilMode).Output;

    /// <summary>
    /// <see cref="MaxPool2d"/> that also returns, as <c>return_indices=True</c> does, the int64 flat position (y·W + x)
    /// in its input plane of each maximum.
    /// </summary>
    public static (Tensor Output, Tensor Indices) MaxPool2dWithIndices(Tensor input, Size2 kernelSize, Size2? stride = null, Size2? padding = null, Size2? dilation = null, bool ceilMode = false)
    {
        var (x, unbatched) = PoolInput("MaxPool2d", input, 4);
        var g = PoolGeometry("MaxPool2d", x.Shape, input.Shape, kernelSize, stride ?? kernelSize, padding ?? 0, dilation ?? 1, ceilMode);
        var (output, indices) = MaxPoolGather(x, g);
        return unbatched ? (output.Squeeze(0), indices.Squeeze(0)) : (output, indices);
    }

    /// <summary>1-D max pooling (<c>F.max_pool1d</c>) of [N, C, L] (or [C, L]) input; see <see cref="MaxPool2d"/>.</summary>
    public static Tensor MaxPool1d(Tensor input, int kernelSize, int? stride = null, int padding = 0, int dilation = 1, bool ceilMode = false)
        => MaxPool1dWithIndices(input, kernelSize, stride, padding, dilation, ceilMode).Output;

    /// <summary><see cref="MaxPool1d"/> that also returns the int64 position of each maximum along its input row.</summary>
    public static (Tensor Output, Tensor Indices) MaxPool1dWithIndices(Tensor input, int kernelSize, int? stride = null, int padding = 0, int dilation = 1, bool ceilMode = false)
    {
        var (x, unbatched) = PoolInput("MaxPool1d", input, 3);
        var x4 = x.Unsqueeze(2);
        var g = PoolGeometry("MaxPool1d", x4.Shape, input.Shape, (1, kernelSize), (1, stride ?? kernelSize), (0, padding), (1, dilation), ceilMode);
        var (output, indices) = MaxPoolGather(x4, g);
        output = output.Squeeze(2);
        indices = indices.Squeeze(2);
        return unbatched ? (output.Squeeze(0), indices.Squeeze(0)) : (output, indices);
    }

    /// <summary>
    /// 2-D average pooling (<c>F.avg_pool2d</c>): each window's sum divided by its size — counting the zero padding when
    /// <paramref name="countIncludePad"/> (the default), never counting the part of a ceil-mode window past the padding —
    /// or by <paramref name="divisorOverride"/> when given. The stride defaults to the kernel size.
    /// </summary>
    public static Tensor AvgPool2d(Tensor input, Size2 kernelSize, Size2? stride = null, Size2? padding = null, bool ceilMode = false, bool countIncludePad = true, int? divisorOverride = null)
    {
        var (x, unbatched) = PoolInput("AvgPool2d", input, 4);
        if (divisorOverride is <= 0)
        {
            throw new ArgumentException($"AvgPool2d: divisor_override must be positive, got {divisorOverride}.");
        }

        var g = PoolGeometry("AvgPool2d", x.Shape, input.Shape, kernelSize, stride ?? kernelSize, padding ?? 0, 1, ceilMode);
        var output = AvgPoolCore(x, g, countIncludePad, divisorOverride);
        return unbatched ? output.Squeeze(0) : output;
    }

    /// <summary>1-D average pooling (<c>F.avg_pool1d</c>) of [N, C, L] (or [C, L]) input; see <see cref="AvgPool2d"/>.</summary>
    public static Tensor AvgPool1d(Tensor input, int kernelSize, int? stride = null, int padding = 0, bool ceilMode = false, bool countIncludePad = true)
    {
        var (x, unbatched) = PoolInput("AvgPool1d", input, 3);
        var x4 = x.Unsqueeze(2);
        var g = PoolGeometry("AvgPool1d", x4.Shape, input.Shape, (1, kernelSize), (1, stride ?? kernelSize), (0, padding), 1, ceilMode);
        var output = AvgPoolCore(x4, g, countIncludePad, null).Squeeze(2);
        return unbatched ? output.Squeeze(0) : output;
    }

    /// <summary>
    /// Adaptive 2-D average pooling (<c>F.adaptive_avg_pool2d</c>) to <paramref name="outputSize"/>: output cell i covers
    /// input rows [⌊i·H/oH⌋, ⌈(i+1)·H/oH⌉), likewise columns. Written as P_h·x·P_wᵀ with averaging matrices, so it is
    /// two matrix products and differentiable to any order.
    /// </summary>
    public static Tensor AdaptiveAvgPool2d(Tensor input, Size2 outputSize)
    {
        var (x, unbatched) = PoolInput("AdaptiveAvgPool2d", input, 4);
        CheckAdaptive("AdaptiveAvgPool2d", input.Shape, outputSize);
        var rows = AveragingMatrix(x.Shape[2], outputSize.Height, x.DType);
        var columns = AveragingMatrix(x.Shape[3], outputSize.Width, x.DType);
        var output = Tensor.MatMul(Tensor.MatMul(rows, x), columns.T);
        return unbatched ? output.Squeeze(0) : output;
    }

    /// <summary>Adaptive 1-D average pooling (<c>F.adaptive_avg_pool1d</c>) of [N, C, L] (or [C, L]) input.</summary>
    public static Tensor AdaptiveAvgPool1d(Tensor input, int outputSize)
    {
        var (x, unbatched) = PoolInput("AdaptiveAvgPool1d", input, 3);
        CheckAdaptive("AdaptiveAvgPool1d", input.Shape, (1, outputSize));
        var output = Tensor.MatMul(x, AveragingMatrix(x.Shape[2], outputSize, x.DType).T);
        return unbatched ? output.Squeeze(0) : output;
    }

    /// <summary>Adaptive 2-D max pooling (<c>F.adaptive_max_pool2d</c>), windows as in <see cref="AdaptiveAvgPool2d"/>.</summary>
    public static Tensor AdaptiveMaxPool2d(Tensor input, Size2 outputSize) => AdaptiveMaxPool2dWithIndices(input, outputSize).Output;

    /// <summary><see cref="AdaptiveMaxPool2d"/> that also returns the int64 flat position (y·W + x) of each maximum.</summary>
    public static (Tensor Output, Tensor Indices) AdaptiveMaxPool2dWithIndices(Tensor input, Size2 outputSize)
    {
        var (x, unbatched) = PoolInput("AdaptiveMaxPool2d", input, 4);
        CheckAdaptive("AdaptiveMaxPool2d", input.Shape, outputSize);
        int n = x.Shape[0], c = x.Shape[1], h = x.Shape[2], w = x.Shape[3];
        var indices = Tensor.Empty(new Shape(n, c, outputSize.Height, outputSize.Width), DType.Int64);
        var source = x.ContiguousUntracked();
        if (x.DType == DType.Float32)
        {
            PoolingKernels.AdaptiveMaxIndices<float>(source.Data<float>(), indices.Data<long>(), n * c, h, w, outputSize.Height, outputSize.Width);
        }
        else
        {
            PoolingKernels.AdaptiveMaxIndices<double>(source.Data<double>(), indices.Data<long>(), n * c, h, w, outputSize.Height, outputSize.Width);
        }

        var output = GatherPlanes(x, indices);
        return unbatched ? (output.Squeeze(0), indices.Squeeze(0)) : (output, indices);
    }

    /// <summary>Checks a pooling input's rank (batched or not, float) and returns it batched.</summary>
    private static (Tensor Batched, bool Unbatched) PoolInput(string layer, Tensor input, int batchedRank)
    {
        if (input.Rank != batchedRank && input.Rank != batchedRank - 1)
        {
            var dims = batchedRank == 4 ? "[N, C, H, W] or [C, H, W]" : "[N, C, L] or [C, L]";
            throw new ArgumentException($"{layer}: expected a {batchedRank - 1}-D or {batchedRank}-D input {dims}, got shape {input.Shape}.");
        }

        if (!input.DType.IsFloatingPoint())
        {
            throw new ArgumentException($"{layer}: expected a float32 or float64 input, got {input.DType}.");
        }

        bool unbatched = input.Rank == batchedRank - 1;
        return (unbatched ? input.Unsqueeze(0) : input, unbatched);
    }

    /// <summary>PyTorch's pooling output size and checks (pad at most half the kernel, a non-empty output).</summary>
    private static Im2ColGeometry PoolGeometry(string layer, Shape x, Shape original, Size2 kernel, Size2 stride, Size2 padding, Size2 dilation, bool ceilMode)
    {
        CheckPositive(layer, "kernel size", kernel);
        CheckPositive(layer, "stride", stride);
        CheckPositive(layer, "dilation", dilation);
        if (padding.Height < 0 || padding.Width < 0 || padding.Height > kernel.Height / 2 || padding.Width > kernel.Width / 2)
        {
            throw new ArgumentException($"{layer}: padding {padding} must be non-negative and at most half the kernel size {kernel}; input {original}.");
        }

        int outH = PoolOutputSize(x[2], kernel.Height, stride.Height, padding.Height, dilation.Height, ceilMode);
        int outW = PoolOutputSize(x[3], kernel.Width, stride.Width, padding.Width, dilation.Width, ceilMode);
        if (outH <= 0 || outW <= 0)
        {
            throw new ArgumentException(
                $"{layer}: the output size would be {(layer.EndsWith("1d", StringComparison.Ordinal) ? outW : $"{outH}×{outW}")}, which is too small: kernel {kernel}, stride {stride}, padding {padding}, dilation {dilation} over the input of shape {original}.");
        }

        return new Im2ColGeometry(x[1], x[2], x[3], kernel.Height, kernel.Width, stride.Height, stride.Width, padding.Height, padding.Width, dilation.Height, dilation.Width, outH, outW);
    }

    private static int PoolOutputSize(int size, int kernel, int stride, int pad, int dilation, bool ceilMode)
    {
        int numerator = size + (2 * pad) - (dilation * (kernel - 1)) - 1 + (ceilMode ? stride - 1 : 0);
        int output = (int)Math.Floor((double)numerator / stride) + 1;

        // NOTE: in ceil mode the last window must start inside the input or the left padding (PyTorch's rule).
        if (ceilMode && (output - 1) * stride >= size + pad)
        {
            output--;
        }

        return output;
    }

    private static (Tensor Output, Tensor Indices) MaxPoolGather(Tensor x, Im2ColGeometry g)
    {
        int n = x.Shape[0], c = x.Shape[1];
        var indices = Tensor.Empty(new Shape(n, c, g.OutH, g.OutW), DType.Int64);
        var source = x.ContiguousUntracked();
        if (x.DType == DType.Float32)
        {
            PoolingKernels.MaxIndices<float>(source.Data<float>(), indices.Data<long>(), n * c, g);
        }
        else
        {
            PoolingKernels.MaxIndices<double>(source.Data<double>(), indices.Data<long>(), n * c, g);
        }

        return (GatherPlanes(x, indices), indices);
    }

    /// <summary>x[n, c, index] within each flattened plane: a gather, so the gradient is a scatter-add (any order).</summary>
    private static Tensor GatherPlanes(Tensor x, Tensor indices)
    {
        int n = x.Shape[0], c = x.Shape[1];
        var flat = indices.Reshape(n, c, indices.Shape[2] * indices.Shape[3]);
        return x.Reshape(n, c, x.Shape[2] * x.Shape[3]).Gather(2, flat).Reshape(indices.Shape.ToArray());
    }

    private static Tensor AvgPoolCore(Tensor x, Im2ColGeometry g, bool countIncludePad, int? divisorOverride)
    {
        int n = x.Shape[0], c = x.Shape[1], taps = g.KernelH * g.KernelW;
        var windows = Tensor.Im2Col(x, g).Reshape(n, c, taps, g.Columns).Sum(2);
        var scale = new double[g.Columns];
        for (int oy = 0; oy < g.OutH; oy++)
        {
            int y0 = (oy * g.StrideH) - g.PadH, y1 = Math.Min(y0 + g.KernelH, g.Height + g.PadH);
            for (int ox = 0; ox < g.OutW; ox++)
            {
                int x0 = (ox * g.StrideW) - g.PadW, x1 = Math.Min(x0 + g.KernelW, g.Width + g.PadW);
                int poolSize = (y1 - y0) * (x1 - x0);
                int inside = (Math.Min(y1, g.Height) - Math.Max(y0, 0)) * (Math.Min(x1, g.Width) - Math.Max(x0, 0));
                scale[(oy * g.OutW) + ox] = divisorOverride ?? (countIncludePad ? poolSize : inside);
            }
        }

        // NOTE: divide (not multiply by a reciprocal) so the rounding is PyTorch's sum / divisor.
        var divisor = Tensor.FromArray(scale, g.Columns).To(x.DType);
        return (windows / divisor).Reshape(n, c, g.OutH, g.OutW);
    }

    private static void CheckAdaptive(string layer, Shape input, Size2 outputSize)
    {
        if (outputSize.Height <= 0 || outputSize.Width <= 0)
        {
            throw new ArgumentException($"{layer}: output size must be positive, got {outputSize}; input {input}.");
        }

        for (int d = input.Rank - (layer.EndsWith("1d", StringComparison.Ordinal) ? 1 : 2); d < input.Rank; d++)
        {
            if (input[d] == 0)
            {
                throw new ArgumentException($"{layer}: the input of shape {input} has an empty spatial dimension {d}.");
            }
        }
    }

    /// <summary>[out, in] matrix whose row i averages the adaptive window of output cell i.</summary>
    private static Tensor AveragingMatrix(int inSize, int outSize, DType dtype)
    {
        var values = new double[outSize * inSize];
        for (int i = 0; i < outSize; i++)
        {
            int start = PoolingKernels.AdaptiveStart(i, inSize, outSize), end = PoolingKernels.AdaptiveEnd(i, inSize, outSize);
            for (int j = start; j < end; j++)
            {
                values[(i * inSize) + j] = 1.0 / (end - start);
            }
        }

        return Tensor.FromArray(values, outSize, inSize).To(dtype);
    }
}
