using static AutoDiffGen.Parity.Tests.Ops.OpCase;

namespace AutoDiffGen.Parity.Tests.Ops;

/// <summary>MatMul in every rank combination torch.matmul accepts: dot, vector-matrix, matrix-vector, matrix, batched and broadcast batches.</summary>
public class MatMulParityTests
{
    internal static readonly OpCase[] Cases =
    [
        One("1-D · 1-D (dot)", [[5], [5]], x => Tensor.MatMul(x[0], x[1]), x => x[0].matmul(x[1])),
        One("1-D · 2-D", [[4], [4, 3]], x => Tensor.MatMul(x[0], x[1]), x => x[0].matmul(x[1])),
        One("2-D · 1-D", [[3, 4], [4]], x => Tensor.MatMul(x[0], x[1]), x => x[0].matmul(x[1])),
        One("2-D · 2-D", [[3, 4], [4, 5]], x => Tensor.MatMul(x[0], x[1]), x => x[0].matmul(x[1])),
        One("2-D · 2-D large (blocked GEMM)", [[67, 131], [131, 45]], x => Tensor.MatMul(x[0], x[1]), x => x[0].matmul(x[1])),
        One("2-D transposed views", [[4, 3], [5, 4]], x => Tensor.MatMul(x[0].T, x[1].T), x => x[0].t().matmul(x[1].t())),
        One("batched 3-D · 3-D", [[2, 3, 4], [2, 4, 5]], x => Tensor.MatMul(x[0], x[1]), x => x[0].matmul(x[1])),
        One("batched 3-D · 2-D", [[2, 3, 4], [4, 5]], x => Tensor.MatMul(x[0], x[1]), x => x[0].matmul(x[1])),
        One("batch broadcast [2,1,3,4]·[3,4,2]", [[2, 1, 3, 4], [3, 4, 2]], x => Tensor.MatMul(x[0], x[1]), x => x[0].matmul(x[1])),
        One("1-D · 3-D", [[5], [2, 5, 3]], x => Tensor.MatMul(x[0], x[1]), x => x[0].matmul(x[1])),
        One("3-D · 1-D", [[2, 3, 4], [4]], x => Tensor.MatMul(x[0], x[1]), x => x[0].matmul(x[1])),
    ];

    public static TheoryData<string> Names => OpParity.Names(Cases);

    [Theory]
    [MemberData(nameof(Names))]
    public void Float64_MatchesLibtorch(string name) => OpParity.Check(OpParity.Find(Cases, name), DType.Float64);

    [Theory]
    [MemberData(nameof(Names))]
    public void Float32_MatchesLibtorch(string name) => OpParity.Check(OpParity.Find(Cases, name), DType.Float32);
}
