using AutoDiffGen.Nn;
using AutoDiffGen.Parity.Tests.Ops;
using static AutoDiffGen.Parity.Tests.Ops.Constants;
using static AutoDiffGen.Parity.Tests.Ops.OpCase;
using F = TorchSharp.torch.nn.functional;
using TR = TorchSharp.torch.nn.Reduction;

namespace AutoDiffGen.Parity.Tests.Nn;

/// <summary>
/// The nn module wrappers (activation modules, LayerNorm, Flatten, Dropout in eval, every loss module) against the
/// torch.nn.functional call they stand for: a module must pass its settings through, not just call the right function.
/// </summary>
public class ModuleParityTests
{
    private static readonly long[] Targets5 = [3, 1, 0, 1, 2];
    private static readonly double[] ClassWeight = [0.5, 2.0, 1.0, 1.5];

    internal static readonly OpCase[] Cases =
    [
        One("ReLU", [[4, 5]], x => new ReLU().Call(x[0]), x => F.relu(x[0])),
        One("LeakyReLU 0.2", [[4, 5]], x => new LeakyReLU(0.2).Call(x[0]), x => F.leaky_relu(x[0], 0.2)),
        One("Sigmoid", [[4, 5]], x => new Sigmoid().Call(x[0]), x => F.sigmoid(x[0])),
        One("Tanh", [[4, 5]], x => new Tanh().Call(x[0]), x => F.tanh(x[0])),
        One("GELU tanh", [[4, 5]], x => new GELU(GeluApproximation.Tanh).Call(x[0]), x => F.gelu(x[0], TorchSharp.Modules.GELU.Approximate.tanh)),
        One("SiLU", [[4, 5]], x => new SiLU().Call(x[0]), x => F.silu(x[0])),
        One("Softplus beta 2 threshold 1", [[4, 5]], x => new Softplus(2, 1).Call(x[0]), x => F.softplus(x[0], 2, 1)),
        One("Softmax dim 0", [[4, 5]], x => new Softmax(0).Call(x[0]), x => F.softmax(x[0], 0)),
        One("LogSoftmax dim 1", [[4, 5]], x => new LogSoftmax(1).Call(x[0]), x => F.log_softmax(x[0], 1)),
        One("LayerNorm [5] eps 1e-3 (initial affine)", [[4, 5]],
            x => new LayerNorm([5], eps: 1e-3, dtype: x[0].DType).Call(x[0]), x => F.layer_norm(x[0], [5], eps: 1e-3)),
        One("Flatten", [[2, 3, 4]], x => new Flatten().Call(x[0]), x => x[0].flatten(1)),
        One("Dropout in eval mode", [[4, 5]], x => new Dropout(0.5).Eval().Call(x[0]), x => F.dropout(x[0], 0.5, training: false)),

        One("CrossEntropyLoss weight ignore_index sum", [[5, 4]],
            x => new CrossEntropyLoss(Float(ClassWeight, x[0], 4), ignoreIndex: 1, reduction: Reduction.Sum).Call(x[0], Index(Targets5, 5)),
            x => F.cross_entropy(x[0], TorchIndex(Targets5, 5), TorchFloat(ClassWeight, x[0], 4), ignore_index: 1, reduction: TR.Sum)),
        One("CrossEntropyLoss label_smoothing 0.15", [[5, 4]],
            x => new CrossEntropyLoss(labelSmoothing: 0.15).Call(x[0], Index(Targets5, 5)),
            x => F.cross_entropy(x[0], TorchIndex(Targets5, 5), label_smoothing: 0.15)),
        One("NLLLoss weight none", [[5, 4]],
            x => new NLLLoss(Float(ClassWeight, x[0], 4), reduction: Reduction.None).Call(x[0], Index(Targets5, 5)),
            x => F.nll_loss(x[0], TorchIndex(Targets5, 5), TorchFloat(ClassWeight, x[0], 4), reduction: TR.None)),
        One("MSELoss sum", [[4, 5], [4, 5]], x => new MSELoss(Reduction.Sum).Call(x[0], x[1]), x => F.mse_loss(x[0], x[1], TR.Sum)),
        One("L1Loss none", [[4, 5], [4, 5]], x => new L1Loss(Reduction.None).Call(x[0], x[1]), x => F.l1_loss(x[0], x[1], TR.None)),
        One("SmoothL1Loss beta 0.7", [[4, 5], [4, 5]],
            x => new SmoothL1Loss(beta: 0.7).Call(x[0] * 2.0, x[1]), x => F.smooth_l1_loss(x[0] * 2.0, x[1], TR.Mean, 0.7)),
        One("HuberLoss delta 0.6 sum", [[4, 5], [4, 5]],
            x => new HuberLoss(Reduction.Sum, 0.6).Call(x[0] * 2.0, x[1]), x => F.huber_loss(x[0] * 2.0, x[1], 0.6, TR.Sum)),
        One("BCELoss", [[4, 5], [4, 5]], x => new BCELoss().Call(x[0], x[1]), x => F.binary_cross_entropy(x[0], x[1]))
            with { Domain = (_, v) => Domains.Probability(0, v) },
        One("BCEWithLogitsLoss pos_weight", [[4, 5], [4, 5], [5]],
            x => new BCEWithLogitsLoss(posWeight: x[2]).Call(x[0], x[1]), x => F.binary_cross_entropy_with_logits(x[0], x[1], pos_weights: x[2]))
            with { Domain = (i, v) => i == 0 ? v : Domains.Probability(i, v) * 2, Constant = [2] },
    ];

    public static TheoryData<string> Names => OpParity.Names(Cases);

    [Theory]
    [MemberData(nameof(Names))]
    public void Float64_MatchesLibtorch(string name) => OpParity.Check(OpParity.Find(Cases, name), DType.Float64);

    [Theory]
    [MemberData(nameof(Names))]
    public void Float32_MatchesLibtorch(string name) => OpParity.Check(OpParity.Find(Cases, name), DType.Float32);
}
