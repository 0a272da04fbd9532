namespace AutoDiffGen.Nn;

public static partial class Functional
{
    /// <summary>
    /// x·Wᵀ + b (<c>F.linear</c>) for x of shape [..., in], W of shape [out, in] and optional b of shape [out]; the
    /// transpose is a view, multiplied without copying.
    /// </summary>
    public static Tensor Linear(Tensor input, Tensor weight, Tensor? bias = null)
    {
        if (weight.Rank != 2 || input.Rank == 0 || input.Shape[-1] != weight.Shape[1])
        {
            throw new ArgumentException(
                $"Linear: input of shape {input.Shape} cannot be multiplied by a weight of shape {weight.Shape}; expected the input's last dimension to equal weight.Shape[1].");
        }

        if (bias is not null && (bias.Rank != 1 || bias.Shape[0] != weight.Shape[0]))
        {
            throw new ArgumentException($"Linear: bias of shape {bias.Shape} does not match a weight of shape {weight.Shape}; expected [{weight.Shape[0]}].");
        }

        if (bias is not null && input.Rank >= 2 && input.IsContiguous && weight.IsContiguous && bias.IsContiguous
            && input.DType.IsFloatingPoint() && input.DType == weight.DType && bias.DType == weight.DType)
        {
            var rows = input.Rank == 2 ? input : input.Reshape(-1, input.Shape[-1]);
            var fused = LinearWithBias(rows, weight, bias);
            if (input.Rank == 2)
            {
                return fused;
            }

            var outDims = input.Shape.ToArray();
            outDims[^1] = weight.Shape[0];
            return fused.Reshape(outDims);
        }

        var output = Tensor.MatMul(input, weight.T);
        return bias is null ? output : output + bias;
    }

    /// <summary>
    /// x·Wᵀ + b as one op and one tape node (PyTorch's <c>addmm</c>) for a contiguous 2-D x: the bias is written into
    /// the output first and the GEMM accumulates onto it, so it takes no separate pass; the backward gives
    /// dx = dy·W, dW = dyᵀ·x (contiguous, like W) and db = Σ over rows of dy.
    /// </summary>
    private static Tensor LinearWithBias(Tensor input, Tensor weight, Tensor bias)
    {
        int m = input.Shape[0], k = input.Shape[1], n = weight.Shape[0];
        var output = Tensor.Empty(new Shape(m, n), input.DType);
        if (input.DType == DType.Float32)
        {
            Kernels.MatrixKernels.LinearForward<float>(m, n, k, input.Data<float>(), weight.Data<float>(), bias.Data<float>(), output.Data<float>());
        }
        else
        {
            Kernels.MatrixKernels.LinearForward<double>(m, n, k, input.Data<double>(), weight.Data<double>(), bias.Data<double>(), output.Data<double>());
        }

        return Autograd.Record(nameof(Linear), output, [input, weight, bias], static (node, grad, grads) =>
        {
            var (x, w) = (node.Inputs[0], node.Inputs[1]);
            grads[0] = node.NeedsInputGrad(0) ? Tensor.MatMul(grad, w) : null;
            grads[1] = node.NeedsInputGrad(1) ? Tensor.MatMul(grad.T, x) : null;
            grads[2] = node.NeedsInputGrad(2) ? grad.Sum(0) : null;
        });
    }

    /// <summary>
    /// Inverted dropout (<c>F.dropout</c>): while <paramref name="training"/>, zeroes each element with probability
    /// <paramref name="p"/> and scales the survivors by 1/(1−p), so the expectation is unchanged; the identity otherwise.
    /// </summary>
    public static Tensor Dropout(Tensor input, double p = 0.5, bool training = true, Generator? generator = null)
    {
        if (p is < 0 or > 1 || double.IsNaN(p))
        {
            throw new ArgumentOutOfRangeException(nameof(p), p, "Dropout: probability has to be between 0 and 1.");
        }

        if (!training || p == 0)
        {
            return input;
        }

        var g = generator ?? Generator.Default;
        var keep = 1 - p;

        // NOTE: PyTorch scales the 0/1 noise by dividing it by (1 − p) in the tensor's dtype; doing the same keeps results bit-equal.
        var scale = input.DType == DType.Float32 ? (double)(1f / (float)keep) : 1 / keep;
        var mask = InPlace.FillWith(Tensor.Empty(input.Shape, input.DType), "Dropout", () => p == 1 ? 0 : g.NextDouble() < keep ? scale : 0);
        return input * mask;
    }

    /// <summary>
    /// Layer normalisation over the trailing dimensions given by <paramref name="normalizedShape"/> (<c>F.layer_norm</c>):
    /// (x − mean) / √(var + eps) · weight + bias, with the biased variance.
    /// </summary>
    public static Tensor LayerNorm(Tensor input, int[] normalizedShape, Tensor? weight = null, Tensor? bias = null, double eps = 1e-5)
    {
        ArgumentNullException.ThrowIfNull(normalizedShape);
        var k = normalizedShape.Length;
        var matches = k >= 1 && k <= input.Rank;
        for (var i = 0; matches && i < k; i++)
        {
            matches = input.Shape[input.Rank - k + i] == normalizedShape[i];
        }

        if (!matches)
        {
            throw new ArgumentException(
                $"LayerNorm: expected an input whose trailing dimensions are {new Shape(normalizedShape)}, got shape {input.Shape}.");
        }

        var axes = new int[k];
        var count = 1;
        for (var i = 0; i < k; i++)
        {
            axes[i] = input.Rank - k + i;
            count *= normalizedShape[i];
        }

        var output = Composites.LayerNormalizeNode(input, axes, count, eps);
        if (weight is not null)
        {
            output *= weight;
        }

        if (bias is not null)
        {
            output += bias;
        }

        return output;
    }
}
