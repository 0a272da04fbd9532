namespace AutoDiffGen.Nn;

/// <summary>PyTorch's default initialisation of every convolution layer (<c>_ConvNd.reset_parameters</c>).</summary>
internal static class ConvInit
{
    /// <summary>
    /// kaiming_uniform(a = √5) on the weight, which is U(−1/√fan_in, 1/√fan_in), fan_in = weight.size(1)·kernel taps; the
    /// bias gets the same bound.
    /// </summary>
    public static void Reset(Tensor weight, Tensor? bias, Generator? generator)
    {
        var (fanIn, _) = Init.CalculateFanInAndFanOut(weight);
        if (fanIn > 0)
        {
            Init.KaimingUniform_(weight, a: Math.Sqrt(5), generator: generator);
        }

        if (bias is not null)
        {
            var bound = fanIn > 0 ? 1 / Math.Sqrt(fanIn) : 0;
            Init.Uniform_(bias, -bound, bound, generator);
        }
    }

    /// <summary>Checks the channel counts against the groups, naming the layer.</summary>
    public static void CheckChannels(string layer, int inChannels, int outChannels, int groups)
    {
        if (inChannels <= 0 || outChannels <= 0 || groups <= 0)
        {
            throw new ArgumentException($"{layer}: in_channels ({inChannels}), out_channels ({outChannels}) and groups ({groups}) must be positive.");
        }

        if (inChannels % groups != 0 || outChannels % groups != 0)
        {
            throw new ArgumentException($"{layer}: groups = {groups} must divide both in_channels ({inChannels}) and out_channels ({outChannels}).");
        }
    }

    /// <summary>The <see cref="Functional.Pad"/> mode of a layer's non-zero padding mode.</summary>
    public static PadMode ToPadMode(PaddingMode mode) => mode switch
    {
        PaddingMode.Reflect => PadMode.Reflect,
        PaddingMode.Replicate => PadMode.Replicate,
        _ => PadMode.Circular,
    };

    /// <summary>PyTorch's spelling of a padding mode.</summary>
    public static string Name(PaddingMode mode) => mode.ToString().ToLowerInvariant();
}
