namespace AutoDiffGen.Nn;

/// <summary>
/// In-place parameter initialisers with PyTorch's formulas (<c>torch.nn.init</c>). Each fills a contiguous float tensor,
/// outside the tape, and returns it; each takes an optional <see cref="Generator"/> for reproducibility.
/// </summary>
public static class Init
{
    /// <summary>
    /// The recommended gain for <paramref name="nonlinearity"/> (<c>calculate_gain</c>); <paramref name="param"/> is the
    /// leaky ReLU's negative slope (0.01 when omitted).
    /// </summary>
    public static double CalculateGain(Nonlinearity nonlinearity, double? param = null) => nonlinearity switch
    {
        Nonlinearity.Linear or Nonlinearity.Sigmoid => 1,
        Nonlinearity.Tanh => 5.0 / 3,
        Nonlinearity.ReLU => Math.Sqrt(2.0),
        Nonlinearity.LeakyReLU => Math.Sqrt(2.0 / (1 + Math.Pow(param ?? 0.01, 2))),
        Nonlinearity.SELU => 3.0 / 4,
        _ => throw new ArgumentOutOfRangeException(nameof(nonlinearity), nonlinearity, "CalculateGain: unsupported nonlinearity."),
    };

    /// <summary>
    /// (fan_in, fan_out) of a weight of rank ≥ 2: size(1)·receptive field and size(0)·receptive field, where the receptive
    /// field is the product of the dimensions after the first two.
    /// </summary>
    public static (int FanIn, int FanOut) CalculateFanInAndFanOut(Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        if (tensor.Rank < 2)
        {
            throw new ArgumentException($"Init: fan in and fan out cannot be computed for a tensor with fewer than 2 dimensions (shape {tensor.Shape}).");
        }

        var receptiveField = 1;
        for (var i = 2; i < tensor.Rank; i++)
        {
            receptiveField *= tensor.Shape[i];
        }

        return (tensor.Shape[1] * receptiveField, tensor.Shape[0] * receptiveField);
    }

    /// <summary>Fills with U(<paramref name="a"/>, <paramref name="b"/>) (<c>uniform_</c>).</summary>
    public static Tensor Uniform_(Tensor tensor, double a = 0, double b = 1, Generator? generator = null)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        var g = generator ?? Generator.Default;
        return InPlace.FillWith(tensor, nameof(Uniform_), () => a + (b - a) * g.NextDouble());
    }

    /// <summary>Fills with N(<paramref name="mean"/>, <paramref name="std"/>²) (<c>normal_</c>).</summary>
    public static Tensor Normal_(Tensor tensor, double mean = 0, double std = 1, Generator? generator = null)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        var g = generator ?? Generator.Default;
        return InPlace.FillWith(tensor, nameof(Normal_), () => mean + std * g.NextNormal());
    }

    /// <summary>Fills with <paramref name="value"/> (<c>constant_</c>).</summary>
    public static Tensor Constant_(Tensor tensor, double value)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        return InPlace.FillWith(tensor, nameof(Constant_), () => value);
    }

    /// <summary>Fills with zeros (<c>zeros_</c>).</summary>
    public static Tensor Zeros_(Tensor tensor) => Constant_(tensor, 0);

    /// <summary>Fills with ones (<c>ones_</c>).</summary>
    public static Tensor Ones_(Tensor tensor) => Constant_(tensor, 1);

    /// <summary>
    /// Kaiming (He) uniform (<c>kaiming_uniform_</c>): U(−bound, bound) with bound = √3 · gain / √fan, gain from
    /// <paramref name="nonlinearity"/> and <paramref name="a"/> (the leaky ReLU slope).
    /// </summary>
    public static Tensor KaimingUniform_(Tensor tensor, double a = 0, FanMode mode = FanMode.FanIn,
        Nonlinearity nonlinearity = Nonlinearity.LeakyReLU, Generator? generator = null)
    {
        var std = CalculateGain(nonlinearity, a) / Math.Sqrt(Fan(tensor, mode, nameof(KaimingUniform_)));
        var bound = Math.Sqrt(3.0) * std;
        return Uniform_(tensor, -bound, bound, generator);
    }

    /// <summary>Kaiming (He) normal (<c>kaiming_normal_</c>): N(0, std²) with std = gain / √fan.</summary>
    public static Tensor KaimingNormal_(Tensor tensor, double a = 0, FanMode mode = FanMode.FanIn,
        Nonlinearity nonlinearity = Nonlinearity.LeakyReLU, Generator? generator = null)
    {
        var std = CalculateGain(nonlinearity, a) / Math.Sqrt(Fan(tensor, mode, nameof(KaimingNormal_)));
        return Normal_(tensor, 0, std, generator);
    }

    /// <summary>Xavier (Glorot) uniform (<c>xavier_uniform_</c>): U(−a, a) with a = gain · √(6 / (fan_in + fan_out)).</summary>
    public static Tensor XavierUniform_(Tensor tensor, double gain = 1, Generator? generator = null)
    {
        var (fanIn, fanOut) = CalculateFanInAndFanOut(tensor);
        var std = gain * Math.Sqrt(2.0 / (fanIn + fanOut));
        var bound = Math.Sqrt(3.0) * std;
        return Uniform_(tensor, -bound, bound, generator);
    }

    /// <summary>Xavier (Glorot) normal (<c>xavier_normal_</c>): N(0, std²) with std = gain · √(2 / (fan_in + fan_out)).</summary>
    public static Tensor XavierNormal_(Tensor tensor, double gain = 1, Generator? generator = null)
    {
        var (fanIn, fanOut) = CalculateFanInAndFanOut(tensor);
        return Normal_(tensor, 0, gain * Math.Sqrt(2.0 / (fanIn + fanOut)), generator);
    }

    private static int Fan(Tensor tensor, FanMode mode, string op)
    {
        var (fanIn, fanOut) = CalculateFanInAndFanOut(tensor);
        var fan = mode == FanMode.FanIn ? fanIn : fanOut;
        if (fan == 0)
        {
            throw new ArgumentException($"{op}: cannot initialise a tensor of shape {tensor.Shape} with a zero {mode}.");
        }

        return fan;
    }
}
