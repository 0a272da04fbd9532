using AutoDiffGen.Nn;
using static AutoDiffGen.Parity.Tests.Ops.Constants;
using static AutoDiffGen.Parity.Tests.Ops.OpCase;
using F = TorchSharp.torch.nn.functional;

namespace AutoDiffGen.Parity.Tests.Ops;

/// <summary>
/// Inputs that random normal draws never produce: strided (non-contiguous) views, −∞ masks, NaN and ±∞ values, empty
/// and size-1 reductions, and all-ignored targets. libtorch's answer (often NaN or ∞) is the specification.
/// </summary>
public class EdgeCaseParityTests
{
    private static readonly bool[] CausalMask = [false, true, true, false, false, true, false, false, false];
    private static readonly long[] AllIgnored = [1, 1, 1];

    internal static readonly OpCase[] Cases =
    [
        // Strided views as operands: kernels must honour strides, and gradients must land in the right layout.
        One("transposed + broadcast", [[4, 3], [3]], x => x[0].T * x[1].Unsqueeze(0).T, x => x[0].t() * x[1].unsqueeze(0).t()),
        One("exp of a permuted view", [[2, 3, 4]], x => Tensor.Exp(x[0].Permute(2, 0, 1)), x => x[0].permute(2, 0, 1).exp()),
        One("sum over a strided slice", [[6, 5]], x => x[0][TensorIndex.Slice(step: 2)].Sum(0), x => x[0].slice(0, 0, 6, 2).sum(0L)),
        One("softmax of a transposed view", [[4, 3]], x => Functional.Softmax(x[0].T, 1), x => F.softmax(x[0].t(), 1)),
        One("matmul of expanded operand", [[3, 1], [4, 5]], x => Tensor.MatMul(x[0].Expand(3, 4), x[1]), x => x[0].expand(3, 4).matmul(x[1])),
        One("same input used twice (accumulation)", [[3, 4]], x => x[0] * x[0] + Tensor.Exp(x[0]), x => x[0] * x[0] + x[0].exp()),

        // −∞ masks, as attention uses them: masked entries get probability 0 and no gradient.
        One("softmax with −inf mask", [[3, 3]],
            x => Functional.Softmax(x[0].MaskedFill(Mask(CausalMask, 3, 3), double.NegativeInfinity), -1),
            x => F.softmax(x[0].masked_fill(TorchMask(CausalMask, 3, 3), double.NegativeInfinity), -1)),
        One("log_softmax with −inf mask", [[3, 3]],
            x => Functional.LogSoftmax(x[0].MaskedFill(Mask(CausalMask, 3, 3), double.NegativeInfinity), -1),
            x => F.log_softmax(x[0].masked_fill(TorchMask(CausalMask, 3, 3), double.NegativeInfinity), -1)),
        One("logsumexp with −inf entries", [[3, 3]],
            x => x[0].MaskedFill(Mask(CausalMask, 3, 3), double.NegativeInfinity).LogSumExp(1),
            x => x[0].masked_fill(TorchMask(CausalMask, 3, 3), double.NegativeInfinity).logsumexp(1)),

        // Non-finite values propagate as libtorch's do.
        One("relu, exp, log of NaN and ±inf", [[3, 4]],
            x => Tensor.Relu(x[0].MaskedFill(Mask(CausalMask[..4], 4), double.NaN)) + Tensor.Exp(x[0] * double.PositiveInfinity),
            x => x[0].masked_fill(TorchMask(CausalMask[..4], 4), double.NaN).relu() + (x[0] * double.PositiveInfinity).exp())
            with { Differentiable = false },
        One("max with NaN", [[3, 4]],
            x => x[0].MaskedFill(Mask(CausalMask[..4], 4), double.NaN).Max(), x => x[0].masked_fill(TorchMask(CausalMask[..4], 4), double.NaN).max())
            with { Differentiable = false },
        One("sigmoid and tanh saturate", [[3, 4]],
            x => Tensor.Sigmoid(x[0] * 1000.0) + Tensor.Tanh(x[0] * 1000.0), x => (x[0] * 1000.0).sigmoid() + (x[0] * 1000.0).tanh()),

        // Degenerate reductions.
        One("var unbiased over a size-1 dim", [[3, 1]], x => x[0].Var(1), x => x[0].var(1)),
        One("sum over an empty dim", [[3, 0]], x => x[0].Sum(1), x => x[0].sum(1)),
        One("mean over an empty dim", [[3, 0]], x => x[0].Mean(1), x => x[0].mean(L(1))),

        // Every target ignored: the mean is 0/0 = NaN, but libtorch's gradient is zero (a padding-only batch changes nothing).
        One("cross_entropy mean with every target ignored", [[3, 4]],
            x => Functional.CrossEntropy(x[0], Index(AllIgnored, 3), ignoreIndex: 1),
            x => F.cross_entropy(x[0], TorchIndex(AllIgnored, 3), ignore_index: 1)),
        One("cross_entropy label_smoothing, mean with every target ignored", [[3, 4]],
            x => Functional.CrossEntropy(x[0], Index(AllIgnored, 3), ignoreIndex: 1, labelSmoothing: 0.1),
            x => F.cross_entropy(x[0], TorchIndex(AllIgnored, 3), ignore_index: 1, label_smoothing: 0.1)),
        One("nll mean with every target ignored", [[3, 4]],
            x => Functional.NllLoss(Functional.LogSoftmax(x[0], 1), Index(AllIgnored, 3), ignoreIndex: 1),
            x => F.cross_entropy(x[0], TorchIndex(AllIgnored, 3), ignore_index: 1)),
    ];

    public static TheoryData<string> Names => OpParity.Names(Cases);

    [Theory]
    [MemberData(nameof(Names))]
    public void Float64_MatchesLibtorch(string name) => OpParity.Check(OpParity.Find(Cases, name), DType.Float64);

    [Theory]
    [MemberData(nameof(Names))]
    public void Float32_MatchesLibtorch(string name) => OpParity.Check(OpParity.Find(Cases, name), DType.Float32);
}
