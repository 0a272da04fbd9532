using AutoDiffGen.Nn;
using AutoDiffGen.Parity.Tests.Ops;
using TorchSharp;
using static AutoDiffGen.Parity.Tests.Ops.OpCase;
using F = TorchSharp.torch.nn.functional;

namespace AutoDiffGen.Parity.Tests.Nn;

/// <summary>
/// Convolutions, transposed convolutions, padding, unfold and fold against torch.nn.functional: forward values and the
/// gradients of input, weight and bias, for each option (stride, padding incl. "same", dilation, groups, padding modes).
/// </summary>
public class ConvolutionParityTests
{
    internal static readonly OpCase[] Cases =
    [
        One("conv2d plain with bias", [[2, 3, 7, 6], [4, 3, 3, 3], [4]], x => Functional.Conv2d(x[0], x[1], x[2]), x => F.conv2d(x[0], x[1], x[2])),
        One("conv2d no bias", [[2, 3, 5, 5], [2, 3, 2, 2]], x => Functional.Conv2d(x[0], x[1]), x => F.conv2d(x[0], x[1])),
        One("conv2d lenet first layer 1->6 5x5", [[3, 1, 12, 12], [6, 1, 5, 5], [6]], x => Functional.Conv2d(x[0], x[1], x[2]), x => F.conv2d(x[0], x[1], x[2])),
        One("conv2d stride 2 padding 1", [[2, 3, 8, 7], [4, 3, 3, 3], [4]],
            x => Functional.Conv2d(x[0], x[1], x[2], stride: 2, padding: 1), x => F.conv2d(x[0], x[1], x[2], strides: [2, 2], padding: [1, 1])),
        One("conv2d stride (2,1) padding (0,2) rectangular kernel", [[2, 2, 7, 6], [3, 2, 3, 2], [3]],
            x => Functional.Conv2d(x[0], x[1], x[2], stride: (2, 1), padding: (0, 2)), x => F.conv2d(x[0], x[1], x[2], strides: [2, 1], padding: [0, 2])),
        One("conv2d dilation 2", [[2, 2, 9, 8], [3, 2, 3, 3], [3]],
            x => Functional.Conv2d(x[0], x[1], x[2], dilation: 2), x => F.conv2d(x[0], x[1], x[2], dilation: [2, 2])),
        One("conv2d dilation (1,2) padding 2 stride 3", [[2, 2, 9, 10], [3, 2, 3, 3], [3]],
            x => Functional.Conv2d(x[0], x[1], x[2], stride: 3, padding: 2, dilation: (1, 2)), x => F.conv2d(x[0], x[1], x[2], strides: [3, 3], padding: [2, 2], dilation: [1, 2])),
        One("conv2d groups 2", [[2, 4, 6, 6], [6, 2, 3, 3], [6]],
            x => Functional.Conv2d(x[0], x[1], x[2], groups: 2), x => F.conv2d(x[0], x[1], x[2], groups: 2)),
        One("conv2d depthwise groups = channels, multiplier 2", [[2, 3, 6, 5], [6, 1, 3, 3], [6]],
            x => Functional.Conv2d(x[0], x[1], x[2], padding: 1, groups: 3), x => F.conv2d(x[0], x[1], x[2], padding: [1, 1], groups: 3)),
        One("conv2d padding same odd kernel", [[2, 2, 6, 5], [3, 2, 3, 3], [3]],
            x => Functional.Conv2d(x[0], x[1], x[2], padding: "same"), x => F.conv2d(x[0], x[1], x[2], padding: [1, 1])),
        One("conv2d padding same even kernel dilation 1 (extra zero after)", [[2, 2, 6, 5], [3, 2, 4, 2], [3]],
            x => Functional.Conv2d(x[0], x[1], x[2], padding: "same"), x => F.conv2d(F.pad(x[0], [0, 1, 1, 2]), x[1], x[2])),
        One("conv2d padding valid", [[2, 2, 6, 5], [3, 2, 3, 3], [3]],
            x => Functional.Conv2d(x[0], x[1], x[2], padding: "valid"), x => F.conv2d(x[0], x[1], x[2])),
        One("conv2d unbatched", [[2, 5, 5], [3, 2, 3, 3], [3]], x => Functional.Conv2d(x[0], x[1], x[2]), x => F.conv2d(x[0], x[1], x[2])),
        One("conv2d kernel as large as the padded input", [[2, 2, 3, 3], [3, 2, 5, 5]],
            x => Functional.Conv2d(x[0], x[1], padding: 1), x => F.conv2d(x[0], x[1], padding: [1, 1])),
        One("conv1d plain", [[2, 3, 10], [4, 3, 3], [4]], x => Functional.Conv1d(x[0], x[1], x[2]), x => F.conv1d(x[0], x[1], x[2])),
        One("conv1d stride 2 padding 2 dilation 2 groups 3", [[2, 3, 11], [6, 1, 3], [6]],
            x => Functional.Conv1d(x[0], x[1], x[2], stride: 2, padding: 2, dilation: 2, groups: 3), x => F.conv1d(x[0], x[1], x[2], stride: 2, padding: 2, dilation: 2, groups: 3)),
        One("conv1d padding same even kernel", [[2, 2, 7], [3, 2, 4], [3]],
            x => Functional.Conv1d(x[0], x[1], x[2], padding: "same"), x => F.conv1d(F.pad(x[0], [1, 2]), x[1], x[2])),
        One("conv1d unbatched", [[3, 8], [2, 3, 3]], x => Functional.Conv1d(x[0], x[1]), x => F.conv1d(x[0], x[1])),
        One("conv_transpose2d plain", [[2, 3, 4, 5], [3, 2, 3, 3], [2]],
            x => Functional.ConvTranspose2d(x[0], x[1], x[2]), x => F.conv_transpose2d(x[0], x[1], x[2])),
        One("conv_transpose2d stride 2 padding 1 output_padding 1", [[2, 3, 4, 3], [3, 2, 3, 3], [2]],
            x => Functional.ConvTranspose2d(x[0], x[1], x[2], stride: 2, padding: 1, outputPadding: 1),
            x => F.conv_transpose2d(x[0], x[1], x[2], strides: [2, 2], padding: [1, 1], output_padding: [1, 1])),
        One("conv_transpose2d groups 2 dilation 2 stride (1,2)", [[2, 4, 3, 4], [4, 3, 2, 3], [6]],
            x => Functional.ConvTranspose2d(x[0], x[1], x[2], stride: (1, 2), groups: 2, dilation: 2),
            x => F.conv_transpose2d(x[0], x[1], x[2], strides: [1, 2], groups: 2, dilation: [2, 2])),
        One("conv_transpose1d stride 3 padding 1 output_padding 2", [[2, 2, 5], [2, 3, 4], [3]],
            x => Functional.ConvTranspose1d(x[0], x[1], x[2], stride: 3, padding: 1, outputPadding: 2),
            x => F.conv_transpose1d(x[0], x[1], x[2], stride: 3, padding: 1, output_padding: 2)),
        One("pad constant 2-D with crop", [[2, 3, 4, 5]], x => Functional.Pad(x[0], [1, 2, -1, 3], value: 0.5),
            x => F.pad(x[0], [1, 2, -1, 3], value: 0.5)),
        One("pad reflect", [[2, 3, 4, 5]], x => Functional.Pad(x[0], [2, 1, 3, 2], PadMode.Reflect),
            x => F.pad(x[0], [2, 1, 3, 2], TorchSharp.PaddingModes.Reflect)),
        One("pad replicate", [[2, 3, 4, 5]], x => Functional.Pad(x[0], [3, 1, 0, 4], PadMode.Replicate),
            x => F.pad(x[0], [3, 1, 0, 4], TorchSharp.PaddingModes.Replicate)),
        One("pad circular", [[2, 3, 4, 5]], x => Functional.Pad(x[0], [2, 3, 1, 4], PadMode.Circular),
            x => F.pad(x[0], [2, 3, 1, 4], TorchSharp.PaddingModes.Circular)),
        One("pad reflect 1-D", [[2, 3, 6]], x => Functional.Pad(x[0], [2, 5], PadMode.Reflect),
            x => F.pad(x[0], [2, 5], TorchSharp.PaddingModes.Reflect)),
        One("unfold", [[2, 3, 6, 7]], x => Functional.Unfold(x[0], (2, 3), dilation: (2, 1), padding: 1, stride: (1, 2)),
            x => F.unfold(x[0], (2, 3), dilation: (2, 1), padding: (1, 1), stride: (1, 2))),
        One("fold", [[2, 12, 9]], x => Functional.Fold(x[0], (4, 5), 2, padding: 1, stride: 2),
            x => F.fold(x[0], (4, 5), (2, 2), padding: (1, 1), stride: (2, 2))),
    ];

    public static TheoryData<string> Names => OpParity.Names(Cases);

    [Theory]
    [MemberData(nameof(Names))]
    public void Float64_MatchesLibtorch(string name) => OpParity.Check(OpParity.Find(Cases, name), DType.Float64);

    [Theory]
    [MemberData(nameof(Names))]
    public void Float32_MatchesLibtorch(string name) => OpParity.Check(OpParity.Find(Cases, name), DType.Float32);
}
