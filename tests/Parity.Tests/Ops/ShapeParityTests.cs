using TorchSharp;
using static AutoDiffGen.Parity.Tests.Ops.Constants;
using static AutoDiffGen.Parity.Tests.Ops.OpCase;

namespace AutoDiffGen.Parity.Tests.Ops;

/// <summary>Views and joins (reshape, permute, expand, squeeze, concat, stack, split, chunk): exact copies forward, routed sums backward.</summary>
public class ShapeParityTests
{
    internal static readonly OpCase[] Cases =
    [
        One("reshape [2,3,4]->[4,6]", [[2, 3, 4]], x => x[0].Reshape(4, 6), x => x[0].reshape(4, 6)),
        One("reshape with -1", [[2, 3, 4]], x => x[0].Reshape(-1, 4), x => x[0].reshape(-1, 4)),
        One("reshape of transposed (copy)", [[3, 4]], x => x[0].T.Reshape(12), x => x[0].t().reshape(12)),
        One("flatten 1..2", [[2, 3, 4, 5]], x => x[0].Flatten(1, 2), x => x[0].flatten(1, 2)),
        One("permute [2,0,1]", [[2, 3, 4]], x => x[0].Permute(2, 0, 1), x => x[0].permute(2, 0, 1)),
        One("transpose 0,2", [[2, 3, 4]], x => x[0].Transpose(0, 2), x => x[0].transpose(0, 2)),
        One("T of 2-D", [[3, 4]], x => x[0].T, x => x[0].t()),
        One("MT of 3-D", [[2, 3, 4]], x => x[0].MT, x => x[0].transpose(-2, -1)),
        One("expand [3,1]->[2,3,4]", [[3, 1]], x => x[0].Expand(2, 3, 4), x => x[0].expand(2, 3, 4)),
        One("squeeze dim 1", [[3, 1, 4]], x => x[0].Squeeze(1), x => x[0].squeeze(1)),
        One("squeeze all", [[3, 1, 4, 1]], x => x[0].Squeeze(), x => x[0].squeeze()),
        One("unsqueeze -1", [[3, 4]], x => x[0].Unsqueeze(-1), x => x[0].unsqueeze(-1)),
        One("concat dim 0", [[2, 3], [4, 3], [1, 3]], x => Tensor.Concat([x[0], x[1], x[2]]), x => torch.cat([x[0], x[1], x[2]], 0)),
        One("concat dim -1", [[2, 3, 1], [2, 3, 4]], x => Tensor.Concat([x[0], x[1]], -1), x => torch.cat([x[0], x[1]], -1)),
        One("stack dim 0", [[3, 4], [3, 4], [3, 4]], x => Tensor.Stack([x[0], x[1], x[2]]), x => torch.stack([x[0], x[1], x[2]], 0)),
        One("stack dim -1", [[3, 4], [3, 4]], x => Tensor.Stack([x[0], x[1]], -1), x => torch.stack([x[0], x[1]], -1)),
        Many("split size 2 dim 1 (uneven)", [[3, 5]], x => x[0].Split(2, 1), x => x[0].split(2, 1)),
        Many("split sizes [1,3,2] dim 0", [[6, 2]], x => x[0].Split([1, 3, 2], 0), x => x[0].split(L(1, 3, 2), 0)),
        Many("chunk 3 dim -1", [[2, 7]], x => x[0].Chunk(3, -1), x => x[0].chunk(3, -1)),
        Many("split, use only some pieces", [[6, 2]], x => x[0].Split(2, 0)[1..], x => x[0].split(2, 0)[1..]),
    ];

    public static TheoryData<string> Names => OpParity.Names(Cases);

    [Theory]
    [MemberData(nameof(Names))]
    public void Float64_MatchesLibtorch(string name) => OpParity.Check(OpParity.Find(Cases, name), DType.Float64);

    [Theory]
    [MemberData(nameof(Names))]
    public void Float32_MatchesLibtorch(string name) => OpParity.Check(OpParity.Find(Cases, name), DType.Float32);
}
