using AutoDiffGen.Nn;
using AutoDiffGen.Parity.Tests.Ops;
using TorchSharp;
using static AutoDiffGen.Parity.Tests.Ops.OpCase;
using F = TorchSharp.torch.nn.functional;

namespace AutoDiffGen.Parity.Tests.Nn;

/// <summary>
/// Pooling (max with indices, average, adaptive), normalisation (batch norm in training and evaluation, group norm)
/// and nearest upsampling against torch.nn.functional: forward values, indices, and the input (and affine) gradients.
/// </summary>
public class PoolingParityTests
{
    internal static readonly OpCase[] Cases =
    [
        Many("max_pool2d 2x2 with indices", [[2, 3, 6, 8]], x => Pair(Functional.MaxPool2dWithIndices(x[0], 2)),
            x => Pair(F.max_pool2d_with_indices(x[0], [2, 2]))),
        Many("max_pool2d 3x3 stride 2 padding 1 with indices", [[2, 2, 7, 6]], x => Pair(Functional.MaxPool2dWithIndices(x[0], 3, stride: 2, padding: 1)),
            x => Pair(F.max_pool2d_with_indices(x[0], [3, 3], [2, 2], [1, 1]))),
        Many("max_pool2d (3,2) stride (2,1) dilation (1,2) ceil_mode", [[2, 2, 8, 7]],
            x => Pair(Functional.MaxPool2dWithIndices(x[0], (3, 2), stride: (2, 1), dilation: (1, 2), ceilMode: true)),
            x => Pair(F.max_pool2d_with_indices(x[0], [3, 2], [2, 1], [0, 0], [1, 2], ceil_mode: true))),
        Many("max_pool2d 2 stride 2 padding 1 ceil_mode", [[1, 2, 5, 5]],
            x => Pair(Functional.MaxPool2dWithIndices(x[0], 2, padding: 1, ceilMode: true)),
            x => Pair(F.max_pool2d_with_indices(x[0], [2, 2], [2, 2], [1, 1], ceil_mode: true))),
        One("max_pool2d unbatched", [[3, 6, 6]], x => Functional.MaxPool2d(x[0], 2), x => F.max_pool2d(x[0], 2)),
        Many("max_pool1d 3 stride 2 padding 1 dilation 2 ceil_mode", [[2, 3, 11]],
            x => Pair(Functional.MaxPool1dWithIndices(x[0], 3, stride: 2, padding: 1, dilation: 2, ceilMode: true)),
            x => Pair(F.max_pool1d_with_indices(x[0], 3, 2, 1, 2, ceil_mode: true))),
        One("avg_pool2d 2x2", [[2, 3, 6, 8]], x => Functional.AvgPool2d(x[0], 2), x => F.avg_pool2d(x[0], [2, 2])),
        One("avg_pool2d 3 stride 2 padding 1 count_include_pad", [[2, 2, 7, 6]], x => Functional.AvgPool2d(x[0], 3, 2, 1),
            x => F.avg_pool2d(x[0], [3, 3], [2, 2], [1, 1])),
        One("avg_pool2d 3 stride 2 padding 1 exclude pad ceil_mode", [[2, 2, 8, 6]],
            x => Functional.AvgPool2d(x[0], 3, 2, 1, ceilMode: true, countIncludePad: false),
            x => F.avg_pool2d(x[0], [3, 3], [2, 2], [1, 1], ceil_mode: true, count_include_pad: false)),
        One("avg_pool2d (3,2) stride 2 ceil_mode count_include_pad", [[2, 2, 8, 7]],
            x => Functional.AvgPool2d(x[0], (3, 2), 2, ceilMode: true), x => F.avg_pool2d(x[0], [3, 2], [2, 2], ceil_mode: true)),
        One("avg_pool2d divisor_override 3", [[2, 2, 6, 6]], x => Functional.AvgPool2d(x[0], 2, padding: 1, divisorOverride: 3),
            x => F.avg_pool2d(x[0], 2, padding: 1, divisor_override: 3)),
        One("avg_pool1d 3 stride 2 padding 1 exclude pad ceil_mode", [[2, 3, 10]],
            x => Functional.AvgPool1d(x[0], 3, 2, 1, ceilMode: true, countIncludePad: false),
            x => F.avg_pool1d(x[0], 3, 2, 1, ceil_mode: true, count_include_pad: false)),
        One("adaptive_avg_pool2d 7x5 -> 3x2", [[2, 3, 7, 5]], x => Functional.AdaptiveAvgPool2d(x[0], (3, 2)), x => F.adaptive_avg_pool2d(x[0], (3, 2))),
        One("adaptive_avg_pool2d global 1", [[2, 3, 4, 5]], x => Functional.AdaptiveAvgPool2d(x[0], 1), x => F.adaptive_avg_pool2d(x[0], 1)),
        One("adaptive_avg_pool2d upsampling 3x4 -> 5x6", [[1, 2, 3, 4]], x => Functional.AdaptiveAvgPool2d(x[0], (5, 6)), x => F.adaptive_avg_pool2d(x[0], (5, 6))),
        One("adaptive_avg_pool1d 10 -> 4", [[2, 3, 10]], x => Functional.AdaptiveAvgPool1d(x[0], 4), x => F.adaptive_avg_pool1d(x[0], 4)),
        Many("adaptive_max_pool2d 7x6 -> 3x4 with indices", [[2, 3, 7, 6]], x => Pair(Functional.AdaptiveMaxPool2dWithIndices(x[0], (3, 4))),
            x => Pair(F.adaptive_max_pool2d(x[0], [3, 4]), F.adaptive_max_pool2d_with_indices(x[0], [3, 4]).Indices)),
        One("batch_norm training 4-D affine", [[4, 3, 5, 6], [3], [3]],
            x => Functional.BatchNorm(x[0], null, null, x[1], x[2], training: true), x => F.batch_norm(x[0], null, null, x[1], x[2], training: true)),
        One("batch_norm training 2-D eps 1e-3", [[6, 4]],
            x => Functional.BatchNorm(x[0], null, null, training: true, eps: 1e-3), x => F.batch_norm(x[0], null, null, training: true, eps: 1e-3)),
        One("batch_norm training 3-D", [[3, 4, 5], [4], [4]],
            x => Functional.BatchNorm(x[0], null, null, x[1], x[2], training: true), x => F.batch_norm(x[0], null, null, x[1], x[2], training: true)),
        One("batch_norm eval with running statistics", [[4, 3, 5, 6], [3], [3], [3], [3]],
            x => Functional.BatchNorm(x[0], x[3], Tensor.Abs(x[4]) + 0.5, x[1], x[2]),
            x => F.batch_norm(x[0], x[3], x[4].abs() + 0.5, x[1], x[2])) with { Constant = [3, 4] },
        One("group_norm 6 channels in 3 groups affine", [[2, 6, 4, 5], [6], [6]],
            x => Functional.GroupNorm(x[0], 3, x[1], x[2]), x => F.group_norm(x[0], 3, x[1], x[2])),
        One("group_norm 1-D 2 groups no affine eps 1e-3", [[3, 4, 7]],
            x => Functional.GroupNorm(x[0], 2, eps: 1e-3), x => F.group_norm(x[0], 2, eps: 1e-3)),
        One("interpolate nearest 2-D scale 2", [[2, 3, 4, 5]], x => Functional.Interpolate(x[0], scaleFactor: [2]),
            x => F.interpolate(x[0], scale_factor: [2, 2])),
        One("interpolate nearest 2-D to size (7, 3)", [[2, 3, 4, 5]], x => Functional.Interpolate(x[0], size: [7, 3]),
            x => F.interpolate(x[0], size: [7, 3])),
        One("interpolate nearest 1-D scale 1.5", [[2, 3, 5]], x => Functional.Interpolate(x[0], scaleFactor: [1.5]),
            x => F.interpolate(x[0], scale_factor: [1.5])),
        One("dropout2d in eval", [[2, 3, 4, 4]], x => Functional.Dropout2d(x[0], 0.4, training: false), x => F.dropout2d(x[0], 0.4, training: false)),
    ];

    public static TheoryData<string> Names => OpParity.Names(Cases);

    [Theory]
    [MemberData(nameof(Names))]
    public void Float64_MatchesLibtorch(string name) => OpParity.Check(OpParity.Find(Cases, name), DType.Float64);

    [Theory]
    [MemberData(nameof(Names))]
    public void Float32_MatchesLibtorch(string name) => OpParity.Check(OpParity.Find(Cases, name), DType.Float32);

    private static Tensor[] Pair((Tensor Output, Tensor Indices) r) => [r.Output, r.Indices];

    private static torch.Tensor[] Pair((torch.Tensor Values, torch.Tensor Indices) r) => [r.Values, r.Indices];

    private static torch.Tensor[] Pair(torch.Tensor values, torch.Tensor indices) => [values, indices];
}
