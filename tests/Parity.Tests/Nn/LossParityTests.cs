using AutoDiffGen.Nn;
using AutoDiffGen.Parity.Tests.Ops;
using TorchSharp;
using static AutoDiffGen.Parity.Tests.Ops.Constants;
using static AutoDiffGen.Parity.Tests.Ops.OpCase;
using F = TorchSharp.torch.nn.functional;
using TR = TorchSharp.torch.nn.Reduction;

namespace AutoDiffGen.Parity.Tests.Nn;

/// <summary>
/// Every loss with reduction none, mean and sum against torch.nn.functional. Index targets repeat class 1, which some
/// rows ignore, so ignore_index changes both the terms and the mean's divisor; float targets get gradients too.
/// </summary>
public class LossParityTests
{
    private static readonly long[] Targets5 = [3, 1, 0, 1, 2];
    private static readonly long[] Targets2x3 = [0, 3, 1, 1, 2, 1];
    private static readonly double[] ClassWeight = [0.5, 2.0, 1.0, 1.5];

    private static readonly (Reduction Ours, TR Torch)[] Reductions =
        [(Reduction.None, TR.None), (Reduction.Mean, TR.Mean), (Reduction.Sum, TR.Sum)];

    internal static readonly OpCase[] Cases = [.. Rows()];

    private static IEnumerable<OpCase> Rows()
    {
        foreach (var (r, tr) in Reductions)
        {
            var n = r.ToString().ToLowerInvariant();

            // Cross entropy with class indices: plain, ignore_index, label smoothing, class weights, all together, K-dim input.
            yield return One($"cross_entropy indices {n}", [[5, 4]],
                x => Functional.CrossEntropy(x[0], Index(Targets5, 5), reduction: r),
                x => F.cross_entropy(x[0], TorchIndex(Targets5, 5), reduction: tr));
            yield return One($"cross_entropy ignore_index {n}", [[5, 4]],
                x => Functional.CrossEntropy(x[0], Index(Targets5, 5), ignoreIndex: 1, reduction: r),
                x => F.cross_entropy(x[0], TorchIndex(Targets5, 5), ignore_index: 1, reduction: tr));
            yield return One($"cross_entropy label_smoothing 0.2 {n}", [[5, 4]],
                x => Functional.CrossEntropy(x[0], Index(Targets5, 5), reduction: r, labelSmoothing: 0.2),
                x => F.cross_entropy(x[0], TorchIndex(Targets5, 5), reduction: tr, label_smoothing: 0.2));
            yield return One($"cross_entropy weight {n}", [[5, 4]],
                x => Functional.CrossEntropy(x[0], Index(Targets5, 5), Float(ClassWeight, x[0], 4), reduction: r),
                x => F.cross_entropy(x[0], TorchIndex(Targets5, 5), TorchFloat(ClassWeight, x[0], 4), reduction: tr));
            yield return One($"cross_entropy weight + ignore_index + label_smoothing {n}", [[5, 4]],
                x => Functional.CrossEntropy(x[0], Index(Targets5, 5), Float(ClassWeight, x[0], 4), ignoreIndex: 1, reduction: r, labelSmoothing: 0.1),
                x => F.cross_entropy(x[0], TorchIndex(Targets5, 5), TorchFloat(ClassWeight, x[0], 4), ignore_index: 1, reduction: tr, label_smoothing: 0.1));
            yield return One($"cross_entropy [N,C,d] indices {n}", [[2, 4, 3]],
                x => Functional.CrossEntropy(x[0], Index(Targets2x3, 2, 3), ignoreIndex: 3, reduction: r),
                x => F.cross_entropy(x[0], TorchIndex(Targets2x3, 2, 3), ignore_index: 3, reduction: tr));

            // Cross entropy with class probabilities (a softmax of the second input, so the target gets a gradient too).
            yield return One($"cross_entropy probabilities {n}", [[5, 4], [5, 4]],
                x => Functional.CrossEntropy(x[0], Functional.Softmax(x[1], 1), reduction: r),
                x => F.cross_entropy(x[0], F.softmax(x[1], 1), reduction: tr));
            yield return One($"cross_entropy probabilities + weight + label_smoothing 0.3 {n}", [[5, 4], [5, 4]],
                x => Functional.CrossEntropy(x[0], Functional.Softmax(x[1], 1), Float(ClassWeight, x[0], 4), reduction: r, labelSmoothing: 0.3),
                x => F.cross_entropy(x[0], F.softmax(x[1], 1), TorchFloat(ClassWeight, x[0], 4), reduction: tr, label_smoothing: 0.3));

            // NLL on arbitrary scores (it is linear in them), with weights; ignore_index through log_softmax, because
            // TorchSharp's nll_loss has no ignore_index and nll(log_softmax(x)) is exactly cross_entropy(x).
            yield return One($"nll {n}", [[5, 4]],
                x => Functional.NllLoss(x[0], Index(Targets5, 5), reduction: r),
                x => F.nll_loss(x[0], TorchIndex(Targets5, 5), reduction: tr));
            yield return One($"nll weight {n}", [[5, 4]],
                x => Functional.NllLoss(x[0], Index(Targets5, 5), Float(ClassWeight, x[0], 4), reduction: r),
                x => F.nll_loss(x[0], TorchIndex(Targets5, 5), TorchFloat(ClassWeight, x[0], 4), reduction: tr));
            yield return One($"nll of log_softmax, ignore_index {n}", [[5, 4]],
                x => Functional.NllLoss(Functional.LogSoftmax(x[0], 1), Index(Targets5, 5), ignoreIndex: 1, reduction: r),
                x => F.cross_entropy(x[0], TorchIndex(Targets5, 5), ignore_index: 1, reduction: tr));

            // Regression losses; inputs scaled by 2 so SmoothL1/Huber see both of their branches.
            yield return One($"mse {n}", [[4, 5], [4, 5]],
                x => Functional.MseLoss(x[0], x[1], r), x => F.mse_loss(x[0], x[1], tr));
            yield return One($"l1 {n}", [[4, 5], [4, 5]],
                x => Functional.L1Loss(x[0], x[1], r), x => F.l1_loss(x[0], x[1], tr));
            yield return One($"smooth_l1 beta 1 {n}", [[4, 5], [4, 5]],
                x => Functional.SmoothL1Loss(x[0] * 2.0, x[1], r), x => F.smooth_l1_loss(x[0] * 2.0, x[1], tr));
            yield return One($"smooth_l1 beta 0.5 {n}", [[4, 5], [4, 5]],
                x => Functional.SmoothL1Loss(x[0] * 2.0, x[1], r, beta: 0.5), x => F.smooth_l1_loss(x[0] * 2.0, x[1], tr, beta: 0.5));
            yield return One($"huber delta 1 {n}", [[4, 5], [4, 5]],
                x => Functional.HuberLoss(x[0] * 2.0, x[1], r), x => F.huber_loss(x[0] * 2.0, x[1], reduction: tr));
            yield return One($"huber delta 1.5 {n}", [[4, 5], [4, 5]],
                x => Functional.HuberLoss(x[0] * 2.0, x[1], r, delta: 1.5), x => F.huber_loss(x[0] * 2.0, x[1], 1.5, tr));

            // Binary cross entropy on probabilities (soft targets) and on logits, with weights and pos_weight.
            yield return One($"bce {n}", [[4, 5], [4, 5]],
                x => Functional.BinaryCrossEntropy(x[0], x[1], reduction: r),
                x => F.binary_cross_entropy(x[0], x[1], reduction: tr)) with { Domain = (_, v) => Domains.Probability(0, v) };
            yield return One($"bce weight {n}", [[4, 5], [4, 5], [4, 5]],
                x => Functional.BinaryCrossEntropy(x[0], x[1], x[2], r),
                x => F.binary_cross_entropy(x[0], x[1], x[2], tr)) with { Domain = (_, v) => Domains.Probability(0, v), Constant = [2] };
            yield return One($"bce_with_logits {n}", [[4, 5], [4, 5]],
                x => Functional.BinaryCrossEntropyWithLogits(x[0] * 3.0, x[1], reduction: r),
                x => F.binary_cross_entropy_with_logits(x[0] * 3.0, x[1], reduction: tr)) with { Domain = (i, v) => i == 1 ? Domains.Probability(i, v) : v };
            yield return One($"bce_with_logits weight + pos_weight {n}", [[4, 5], [4, 5], [4, 5], [5]],
                x => Functional.BinaryCrossEntropyWithLogits(x[0] * 3.0, x[1], x[2], r, x[3]),
                x => F.binary_cross_entropy_with_logits(x[0] * 3.0, x[1], x[2], tr, x[3]))
                with { Domain = (i, v) => i == 0 ? v : Domains.Probability(i, v) * 2, Constant = [2, 3] };
        }
    }

    public static TheoryData<string> Names => OpParity.Names(Cases);

    [Theory]
    [MemberData(nameof(Names))]
    public void Float64_MatchesLibtorch(string name) => OpParity.Check(OpParity.Find(Cases, name), DType.Float64);

    [Theory]
    [MemberData(nameof(Names))]
    public void Float32_MatchesLibtorch(string name) => OpParity.Check(OpParity.Find(Cases, name), DType.Float32);
}
