using static AutoDiffGen.Parity.Tests.Ops.Constants;
using static AutoDiffGen.Parity.Tests.Ops.OpCase;
using TI = TorchSharp.torch.TensorIndex;

namespace AutoDiffGen.Parity.Tests.Ops;

/// <summary>Slicing, narrow/select, index_select, gather, scatter_add, index_add and masked_fill, forward and backward.</summary>
public class IndexingParityTests
{
    // Repeated indices on purpose: their gradients (and scatter_add's sums) must accumulate, not overwrite.
    private static readonly long[] Rows = [2, 0, 2, 1];
    private static readonly long[] Cols = [1, -1, 1, 0];
    private static readonly long[] GatherIndex = [0, 3, 3, 1, 2, 2, 0, 1, 1];
    private static readonly long[] ScatterIndex = [1, 0, 2, 1, 1, 0, 0, 2, 2, 0, 1, 1];
    private static readonly bool[] FillMask = [true, false, false, true, false, true, true, false, false, false, true, false];

    internal static readonly OpCase[] Cases =
    [
        One("slice [1:3, ::2]", [[4, 5]], x => x[0][TensorIndex.Slice(1, 3), TensorIndex.Slice(step: 2)], x => x[0].index(TI.Slice(1, 3), TI.Slice(step: 2))),
        One("slice with negative bounds [.., 1:-1]", [[3, 6]], x => x[0][TensorIndex.All, TensorIndex.Slice(1, -1)], x => x[0].index(TI.Slice(), TI.Slice(1, -1))),
        One("index int then slice [-1, 2:]", [[3, 4, 5]], x => x[0][-1, TensorIndex.Slice(2)], x => x[0].index(TI.Single(-1), TI.Slice(2))),
        One("narrow dim 1", [[3, 6]], x => x[0].Narrow(1, 2, 3), x => x[0].narrow(1, 2, 3)),
        One("select dim 0", [[3, 4]], x => x[0].Select(0, 1), x => x[0].select(0, 1)),
        One("select dim -1", [[2, 3, 4]], x => x[0].Select(-1, 2), x => x[0].select(-1, 2)),
        One("index_select dim 0 (repeats)", [[3, 4]], x => x[0].IndexSelect(0, Index(Rows, 4)), x => x[0].index_select(0, TorchIndex(Rows, 4))),
        One("index_select dim 1", [[2, 3, 5]], x => x[0].IndexSelect(1, Index(Rows, 4)), x => x[0].index_select(1, TorchIndex(Rows, 4))),
        One("gather dim 1", [[3, 4]], x => x[0].Gather(1, Index(GatherIndex, 3, 3)), x => x[0].gather(1, TorchIndex(GatherIndex, 3, 3))),
        One("gather dim 0", [[4, 3]], x => x[0].Gather(0, Index(GatherIndex, 3, 3)), x => x[0].gather(0, TorchIndex(GatherIndex, 3, 3))),
        One("scatter_add dim 0", [[3, 4], [3, 4]],
            x => x[0].ScatterAdd(0, Index(ScatterIndex, 3, 4), x[1]), x => x[0].scatter_add(0, TorchIndex(ScatterIndex, 3, 4), x[1])),
        One("scatter_add dim 1, src larger than index", [[3, 3], [3, 5]],
            x => x[0].ScatterAdd(1, Index(ScatterIndex, 3, 4), x[1]), x => x[0].scatter_add(1, TorchIndex(ScatterIndex, 3, 4), x[1]))
            with { Constant = [1] }, // libtorch's scatter_add backward cannot give src a gradient when src is larger than index.
        One("index_add dim 0", [[3, 4], [4, 4]],
            x => x[0].IndexAdd(0, Index(Rows, 4), x[1]), x => x[0].index_add(0, TorchIndex(Rows, 4), x[1], 1)),
        One("index [rows, cols] (repeats)", [[4, 5]],
            x => x[0][Index(Rows, 4), Index(Cols, 4)], x => x[0].index(TI.Tensor(TorchIndex(Rows, 4)), TI.Tensor(TorchIndex(Cols, 4)))),
        One("index [:, rows[:, None], cols] adjacent, broadcast", [[2, 4, 5]],
            x => x[0][TensorIndex.All, Index(Rows, 2, 2), Index(Cols[..2], 2)],
            x => x[0].index(TI.Slice(), TI.Tensor(TorchIndex(Rows, 2, 2)), TI.Tensor(TorchIndex(Cols[..2], 2)))),
        One("index [rows, :, cols] apart", [[3, 4, 5]],
            x => x[0][Index(Rows, 4), TensorIndex.All, Index(Cols, 4)],
            x => x[0].index(TI.Tensor(TorchIndex(Rows, 4)), TI.Slice(), TI.Tensor(TorchIndex(Cols, 4)))),
        One("index [mask, cols]", [[4, 5]],
            x => x[0][Mask(FillMask[..4], 4), Index(Cols[..2], 2)],
            x => x[0].index(TI.Tensor(TorchMask(FillMask[..4], 4)), TI.Tensor(TorchIndex(Cols[..2], 2)))),
        One("masked_fill", [[3, 4]], x => x[0].MaskedFill(Mask(FillMask, 3, 4), -2.5), x => x[0].masked_fill(TorchMask(FillMask, 3, 4), -2.5)),
        One("masked_fill broadcast mask [4]", [[3, 4]],
            x => x[0].MaskedFill(Mask(FillMask[..4], 4), 7.0), x => x[0].masked_fill(TorchMask(FillMask[..4], 4), 7.0)),
    ];

    public static TheoryData<string> Names => OpParity.Names(Cases);

    [Theory]
    [MemberData(nameof(Names))]
    public void Float64_MatchesLibtorch(string name) => OpParity.Check(OpParity.Find(Cases, name), DType.Float64);

    [Theory]
    [MemberData(nameof(Names))]
    public void Float32_MatchesLibtorch(string name) => OpParity.Check(OpParity.Find(Cases, name), DType.Float32);
}
