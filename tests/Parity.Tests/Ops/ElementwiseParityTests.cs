using TorchSharp;
using static AutoDiffGen.Parity.Tests.Ops.OpCase;

namespace AutoDiffGen.Parity.Tests.Ops;

/// <summary>Elementwise ops (unary, binary with broadcasting, scalar operands, comparisons) against libtorch.</summary>
public class ElementwiseParityTests
{
    private static readonly bool[] WhereMask = [true, false, false, true, true, false, true, false, false, true, false, true];

    internal static readonly OpCase[] Cases =
    [
        // Binary, same shape and broadcast (trailing, middle and both-sided), so ReduceGrad's sums are exercised.
        One("add", [[3, 4], [3, 4]], x => x[0] + x[1], x => x[0] + x[1]),
        One("add broadcast [2,3,4]+[4]", [[2, 3, 4], [4]], x => x[0] + x[1], x => x[0] + x[1]),
        One("add broadcast [3,1]+[1,4]", [[3, 1], [1, 4]], x => x[0] + x[1], x => x[0] + x[1]),
        One("sub broadcast [2,3,4]-[3,1]", [[2, 3, 4], [3, 1]], x => x[0] - x[1], x => x[0] - x[1]),
        One("mul broadcast [4,1,3]*[2,3]", [[4, 1, 3], [2, 3]], x => x[0] * x[1], x => x[0] * x[1]),
        One("mul scalar-shaped [3,4]*[]", [[3, 4], []], x => x[0] * x[1], x => x[0] * x[1]),
        One("div", [[3, 4], [3, 4]], x => x[0] / x[1], x => x[0] / x[1]) with { Domain = Domains.SecondAwayFromZero },
        One("div broadcast [2,3,4]/[3,1]", [[2, 3, 4], [3, 1]], x => x[0] / x[1], x => x[0] / x[1]) with { Domain = Domains.SecondAwayFromZero },
        One("maximum broadcast", [[2, 3, 4], [3, 4]], x => Tensor.Maximum(x[0], x[1]), x => x[0].maximum(x[1])),
        One("minimum broadcast", [[3, 1], [3, 5]], x => Tensor.Minimum(x[0], x[1]), x => x[0].minimum(x[1])),
        One("pow tensor^tensor broadcast", [[3, 4], [4]], x => Tensor.Pow(x[0], x[1]), x => x[0].pow(x[1])) with { Domain = Domains.FirstPositive },
        One("where broadcast", [[3, 4], [4]],
            x => Tensor.Where(Constants.Mask(WhereMask, 3, 4), x[0], x[1]),
            x => torch.where(Constants.TorchMask(WhereMask, 3, 4), x[0], x[1])),
        One("where, scalar other", [[3, 4]],
            x => Tensor.Where(Constants.Mask(WhereMask, 3, 4), x[0], 0.5),
            x => x[0].masked_fill(Constants.TorchMask(WhereMask, 3, 4).logical_not(), 0.5)),
        One("where, scalar first", [[3, 4]],
            x => Tensor.Where(Constants.Mask(WhereMask, 3, 4), -1.5, x[0]),
            x => x[0].masked_fill(Constants.TorchMask(WhereMask, 3, 4), -1.5)),

        // ReduceGrad/SumTo (the broadcast-gradient reduction itself), as sums over the broadcast axes.
        One("SumTo [2,3,4] -> [3,1]", [[2, 3, 4]], x => Tensor.SumTo(x[0], new Shape(3, 1)), x => x[0].sum(0L).sum(1L, keepdim: true)),
        One("SumTo [2,3,4] -> [4]", [[2, 3, 4]], x => Tensor.SumTo(x[0], new Shape(4)), x => x[0].sum(Constants.L(0, 1))),

        // Scalar operands on either side.
        One("add scalar", [[3, 4]], x => x[0] + 2.5, x => x[0] + 2.5),
        One("scalar sub", [[3, 4]], x => 2.5 - x[0], x => 2.5 - x[0]),
        One("mul scalar", [[3, 4]], x => x[0] * -1.5, x => x[0] * -1.5),
        One("scalar div", [[3, 4]], x => 1.5 / x[0], x => 1.5 / x[0]) with { Domain = Domains.AwayFromZero },
        One("div scalar", [[3, 4]], x => x[0] / 3.0, x => x[0] / 3.0),
        One("pow scalar exponent 2.5", [[3, 4]], x => Tensor.Pow(x[0], 2.5), x => x[0].pow(2.5)) with { Domain = Domains.Positive },
        One("pow scalar exponent 3", [[3, 4]], x => Tensor.Pow(x[0], 3.0), x => x[0].pow(3.0)),
        One("pow scalar base", [[3, 4]], x => Tensor.Pow(1.7, x[0]), x => torch.pow(1.7, x[0])),
        One("maximum scalar", [[3, 4]], x => Tensor.Maximum(x[0], 0.25), x => x[0].clamp_min(0.25)),
        One("minimum scalar", [[3, 4]], x => Tensor.Minimum(x[0], 0.25), x => x[0].clamp_max(0.25)),

        // Unary.
        One("neg", [[3, 4]], x => -x[0], x => -x[0]),
        One("exp", [[3, 4]], x => Tensor.Exp(x[0]), x => x[0].exp()),
        One("log", [[3, 4]], x => Tensor.Log(x[0]), x => x[0].log()) with { Domain = Domains.Positive },
        One("sqrt", [[3, 4]], x => Tensor.Sqrt(x[0]), x => x[0].sqrt()) with { Domain = Domains.Positive },
        One("rsqrt", [[3, 4]], x => Tensor.Rsqrt(x[0]), x => x[0].rsqrt()) with { Domain = Domains.Positive },
        One("sin", [[3, 4]], x => Tensor.Sin(x[0]), x => x[0].sin()),
        One("cos", [[3, 4]], x => Tensor.Cos(x[0]), x => x[0].cos()),
        One("tanh", [[3, 4]], x => Tensor.Tanh(x[0]), x => x[0].tanh()),
        One("sigmoid", [[3, 4]], x => Tensor.Sigmoid(x[0]), x => x[0].sigmoid()),
        One("abs", [[3, 4]], x => Tensor.Abs(x[0]), x => x[0].abs()) with { Domain = Domains.AwayFromZero },
        One("relu", [[3, 4]], x => Tensor.Relu(x[0]), x => x[0].relu()),
        One("erf", [[3, 4]], x => Tensor.Erf(x[0]), x => x[0].erf()),
        One("logsigmoid", [[3, 4]], x => Tensor.LogSigmoid(x[0] * 8.0), x => torch.nn.functional.logsigmoid(x[0] * 8.0)),
        One("leaky_relu 0.2", [[3, 4]], x => Tensor.LeakyRelu(x[0], 0.2), x => torch.nn.functional.leaky_relu(x[0], 0.2)),
        One("clamp min max", [[4, 5]], x => Tensor.Clamp(x[0], -0.5, 0.7), x => x[0].clamp(-0.5, 0.7)),
        One("clamp min", [[4, 5]], x => Tensor.Clamp(x[0], min: -0.5), x => x[0].clamp(min: -0.5)),
        One("clamp max", [[4, 5]], x => Tensor.Clamp(x[0], max: 0.3), x => x[0].clamp(max: 0.3)),

        // Forward only: no gradient exists (sign, comparisons, logic).
        One("sign", [[3, 4]], x => Tensor.Sign(x[0]), x => x[0].sign()) with { Differentiable = false },
        One("gt broadcast", [[3, 4], [4]], x => Tensor.Gt(x[0], x[1]), x => x[0].gt(x[1])) with { Differentiable = false },
        One("lt scalar", [[3, 4]], x => Tensor.Lt(x[0], 0.1), x => x[0].lt(0.1)) with { Differentiable = false },
        One("ge broadcast", [[3, 1], [4]], x => Tensor.Ge(x[0], x[1]), x => x[0].ge(x[1])) with { Differentiable = false },
        One("le scalar", [[3, 4]], x => Tensor.Le(x[0], -0.2), x => x[0].le(-0.2)) with { Differentiable = false },
        One("eq self", [[3, 4]], x => Tensor.Eq(x[0], x[0]), x => x[0].eq(x[0])) with { Differentiable = false },
        One("ne broadcast", [[3, 4], [4]], x => Tensor.Ne(x[0], x[1]), x => x[0].ne(x[1])) with { Differentiable = false },
        One("logical and/or/not", [[3, 4], [3, 4]],
            x => (Tensor.Gt(x[0], 0.0) & Tensor.Lt(x[1], 0.5)) | ~Tensor.Gt(x[1], -0.5),
            x => x[0].gt(0.0).logical_and(x[1].lt(0.5)).logical_or(x[1].gt(-0.5).logical_not())) with { Differentiable = false },
    ];

    public static TheoryData<string> Names => OpParity.Names(Cases);

    [Theory]
    [MemberData(nameof(Names))]
    public void Float64_MatchesLibtorch(string name) => OpParity.Check(OpParity.Find(Cases, name), DType.Float64);

    [Theory]
    [MemberData(nameof(Names))]
    public void Float32_MatchesLibtorch(string name) => OpParity.Check(OpParity.Find(Cases, name), DType.Float32);
}
