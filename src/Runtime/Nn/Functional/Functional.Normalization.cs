namespace AutoDiffGen.Nn;

public static partial class Functional
{
    /// <summary>
    /// Batch normalisation (<c>F.batch_norm</c>) of [N, C, *] input over every dimension but the channels. In training
    /// the batch's mean and biased variance normalise (one generated tape node, <c>Composites.LayerNormalize</c> over
    /// those axes) and, when given, the running statistics move towards the batch's mean and unbiased variance:
    /// running = (1 − momentum)·running + momentum·batch. In evaluation the running statistics normalise.
    /// </summary>
    public static Tensor BatchNorm(Tensor input, Tensor? runningMean, Tensor? runningVar, Tensor? weight = null, Tensor? bias = null,
        bool training = false, double momentum = 0.1, double eps = 1e-5)
    {
        if (input.Rank < 2)
        {
            throw new ArgumentException($"BatchNorm: expected an input [N, C, *] of at least 2 dimensions, got shape {input.Shape}.");
        }

        int channels = input.Shape[1];
        CheckChannelVector("BatchNorm", "running_mean", runningMean, channels, input.Shape);
        CheckChannelVector("BatchNorm", "running_var", runningVar, channels, input.Shape);
        CheckChannelVector("BatchNorm", "weight", weight, channels, input.Shape);
        CheckChannelVector("BatchNorm", "bias", bias, channels, input.Shape);
        var axes = Enumerable.Range(0, input.Rank).Where(d => d != 1).ToArray();
        var perChannel = new int[input.Rank - 1];
        Array.Fill(perChannel, 1);
        perChannel[0] = channels;
        Tensor normalized;
        if (training)
        {
            int count = input.NumElements / Math.Max(channels, 1);
            if (count <= 1)
            {
                throw new ArgumentException($"BatchNorm: expected more than 1 value per channel when training, got input of shape {input.Shape}.");
            }

            normalized = Nn.Composites.LayerNormalizeNode(input, axes, count, eps);
            if (runningMean is not null || runningVar is not null)
            {
                using var noGrad = Autograd.NoGrad();
                if (runningMean is not null)
                {
                    runningMean.Copy_((runningMean * (1 - momentum)) + (input.Mean(axes) * momentum));
                }

                if (runningVar is not null)
                {
                    runningVar.Copy_((runningVar * (1 - momentum)) + (input.Var(axes, unbiased: true) * momentum));
                }
            }
        }
        else
        {
            if (runningMean is null || runningVar is null)
            {
                throw new ArgumentException("BatchNorm: evaluation mode needs running_mean and running_var (or pass training: true to use the batch's statistics).");
            }

            normalized = (input - runningMean.Reshape(perChannel)) * Tensor.Rsqrt(runningVar.Reshape(perChannel) + eps);
        }

        if (weight is not null)
        {
            normalized *= weight.Reshape(perChannel);
        }

        return bias is null ? normalized : normalized + bias.Reshape(perChannel);
    }

    /// <summary>
    /// Group normalisation (<c>F.group_norm</c>) of [N, C, *] input: the channels split into <paramref name="numGroups"/>
    /// groups, each sample's group normalised by its own mean and biased variance, then the per-channel affine part.
    /// </summary>
    public static Tensor GroupNorm(Tensor input, int numGroups, Tensor? weight = null, Tensor? bias = null, double eps = 1e-5)
    {
        if (input.Rank < 2)
        {
            throw new ArgumentException($"GroupNorm: expected an input [N, C, *] of at least 2 dimensions, got shape {input.Shape}.");
        }

        int n = input.Shape[0], channels = input.Shape[1];
        if (numGroups <= 0 || channels % numGroups != 0)
        {
            throw new ArgumentException($"GroupNorm: num_groups = {numGroups} must be positive and divide the {channels} channels of the input of shape {input.Shape}.");
        }

        CheckChannelVector("GroupNorm", "weight", weight, channels, input.Shape);
        CheckChannelVector("GroupNorm", "bias", bias, channels, input.Shape);
        int count = input.NumElements / Math.Max(n * numGroups, 1);
        var grouped = input.Reshape(n, numGroups, count);
        var normalized = Nn.Composites.LayerNormalizeNode(grouped, [2], count, eps).Reshape(input.Shape.ToArray());
        var perChannel = new int[input.Rank - 1];
        Array.Fill(perChannel, 1);
        perChannel[0] = channels;
        if (weight is not null)
        {
            normalized *= weight.Reshape(perChannel);
        }

        return bias is null ? normalized : normalized + bias.Reshape(perChannel);
    }

    /// <summary>
    /// Channel dropout (<c>F.dropout2d</c>): while training, zeroes whole channels of [N, C, H, W] (or [C, H, W]) input
    /// with probability <paramref name="p"/> and scales the rest by 1/(1−p).
    /// </summary>
    public static Tensor Dropout2d(Tensor input, double p = 0.5, bool training = true, Generator? generator = null)
        => ChannelDropout("Dropout2d", input, 4, p, training, generator);

    /// <summary>Channel dropout (<c>F.dropout1d</c>) of [N, C, L] (or [C, L]) input; see <see cref="Dropout2d"/>.</summary>
    public static Tensor Dropout1d(Tensor input, double p = 0.5, bool training = true, Generator? generator = null)
        => ChannelDropout("Dropout1d", input, 3, p, training, generator);

    /// <summary>
    /// Nearest-neighbour resizing (<c>F.interpolate(mode='nearest')</c>) of [N, C, L], [N, C, H, W] input to
    /// <paramref name="size"/> or by <paramref name="scaleFactor"/> (one per spatial dimension, or one for all): output
    /// position i reads input ⌊i·scale⌋, scale = in/out or 1/scale_factor, computed in float32 as PyTorch does.
    /// </summary>
    public static Tensor Interpolate(Tensor input, int[]? size = null, double[]? scaleFactor = null)
    {
        if (input.Rank is not (3 or 4))
        {
            throw new ArgumentException($"Interpolate: expected a 3-D [N, C, L] or 4-D [N, C, H, W] input, got shape {input.Shape}.");
        }

        int spatial = input.Rank - 2;
        if ((size is null) == (scaleFactor is null))
        {
            throw new ArgumentException("Interpolate: give exactly one of size and scale_factor.");
        }

        var output = input;
        for (int i = 0; i < spatial; i++)
        {
            int dim = 2 + i, inSize = input.Shape[dim];
            double? factor = scaleFactor is null ? null : scaleFactor.Length == 1 ? scaleFactor[0] : scaleFactor.Length == spatial ? scaleFactor[i]
                : throw new ArgumentException($"Interpolate: scale_factor has {scaleFactor.Length} entries for {spatial} spatial dimensions of the input of shape {input.Shape}.");
            int outSize = size is null ? (int)Math.Floor(inSize * factor!.Value) : size.Length == 1 ? size[0] : size.Length == spatial ? size[i]
                : throw new ArgumentException($"Interpolate: size has {size.Length} entries for {spatial} spatial dimensions of the input of shape {input.Shape}.");
            if (outSize <= 0 || factor is <= 0)
            {
                throw new ArgumentException($"Interpolate: output size {outSize} along dimension {dim} must be positive (input shape {input.Shape}).");
            }

            var index = new long[outSize];
            float scale = factor is { } f ? (float)(1.0 / f) : (float)inSize / outSize;
            for (int j = 0; j < outSize; j++)
            {
                index[j] = outSize == inSize ? j : outSize == 2 * inSize ? j >> 1 : Math.Min((long)MathF.Floor(j * scale), inSize - 1);
            }

            output = output.IndexSelect(dim, Tensor.FromArray(index, outSize));
        }

        return output;
    }

    private static Tensor ChannelDropout(string layer, Tensor input, int batchedRank, double p, bool training, Generator? generator)
    {
        if (p is < 0 or > 1 || double.IsNaN(p))
        {
            throw new ArgumentOutOfRangeException(nameof(p), p, $"{layer}: probability has to be between 0 and 1.");
        }

        if (input.Rank != batchedRank && input.Rank != batchedRank - 1)
        {
            throw new ArgumentException($"{layer}: expected a {batchedRank - 1}-D or {batchedRank}-D input, got shape {input.Shape}.");
        }

        if (!training || p == 0)
        {
            return input;
        }

        // One draw per (sample, channel): the mask has the input's leading dimensions and 1 for the spatial ones.
        int leading = input.Rank - (batchedRank - 2);
        var maskDims = input.Shape.ToArray();
        for (int d = leading; d < maskDims.Length; d++)
        {
            maskDims[d] = 1;
        }

        var g = generator ?? Generator.Default;
        var keep = 1 - p;
        var scale = input.DType == DType.Float32 ? (double)(1f / (float)keep) : 1 / keep;
        var mask = InPlace.FillWith(Tensor.Empty(new Shape(maskDims), input.DType), layer, () => p == 1 ? 0 : g.NextDouble() < keep ? scale : 0);
        return input * mask;
    }

    private static void CheckChannelVector(string layer, string name, Tensor? t, int channels, Shape input)
    {
        if (t is not null && (t.Rank != 1 || t.Shape[0] != channels))
        {
            throw new ArgumentException($"{layer}: {name} of shape {t.Shape} does not match the {channels} channels of the input of shape {input}; expected [{channels}].");
        }
    }
}
