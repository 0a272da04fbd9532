using static AutoDiffGen.Parity.Tests.Ops.Constants;
using static AutoDiffGen.Parity.Tests.Ops.OpCase;

namespace AutoDiffGen.Parity.Tests.Ops;

/// <summary>Reductions (sum, mean, var/std, max/min with indices, argmax/argmin, logsumexp) over all or some dims, with keepDim.</summary>
public class ReductionParityTests
{
    internal static readonly OpCase[] Cases =
    [
        One("sum all", [[3, 4, 5]], x => x[0].Sum(), x => x[0].sum()),
        One("sum dim 1", [[3, 4, 5]], x => x[0].Sum(1), x => x[0].sum(1)),
        One("sum dim -1 keepDim", [[3, 4, 5]], x => x[0].Sum(-1, keepDim: true), x => x[0].sum(-1, keepdim: true)),
        One("sum dims [0,2]", [[3, 4, 5]], x => x[0].Sum([0, 2]), x => x[0].sum(L(0, 2))),
        One("sum dims [0,2] keepDim", [[3, 4, 5]], x => x[0].Sum([0, 2], keepDim: true), x => x[0].sum(L(0, 2), keepdim: true)),
        One("sum of 4096 (summation order)", [[64, 64]], x => x[0].Sum(), x => x[0].sum()),
        One("mean all", [[3, 4, 5]], x => x[0].Mean(), x => x[0].mean()),
        One("mean dim 0", [[3, 4, 5]], x => x[0].Mean(0), x => x[0].mean(L(0))),
        One("mean dims [1,2] keepDim", [[3, 4, 5]], x => x[0].Mean([1, 2], keepDim: true), x => x[0].mean(L(1, 2), keepdim: true)),
        One("var all unbiased", [[3, 4, 5]], x => x[0].Var(), x => x[0].var()),
        // NOTE: TorchSharp 0.107's all-dims var(unbiased: false) returns the unbiased value, so the reference reduces a flattened view.
        One("var all biased", [[3, 4, 5]], x => x[0].Var(unbiased: false), x => x[0].flatten().var(0, unbiased: false)),
        One("var dim 1 unbiased keepDim", [[3, 4, 5]], x => x[0].Var(1, keepDim: true), x => x[0].var(1, keepdim: true)),
        One("var dims [0,2] biased", [[3, 4, 5]], x => x[0].Var([0, 2], unbiased: false), x => x[0].var(L(0, 2), unbiased: false)),
        One("std all unbiased", [[3, 4, 5]], x => x[0].Std(), x => x[0].std()),
        One("std dim -1 biased keepDim", [[3, 4, 5]], x => x[0].Std(-1, unbiased: false, keepDim: true), x => x[0].std(-1, unbiased: false, keepdim: true)),
        One("std dims [0,1] unbiased", [[3, 4, 5]], x => x[0].Std([0, 1]), x => x[0].std(L(0, 1))),
        One("max all", [[3, 4, 5]], x => x[0].Max(), x => x[0].max()),
        One("min all", [[3, 4, 5]], x => x[0].Min(), x => x[0].min()),
        Many("max dim 1 with indices", [[3, 4, 5]],
            x => { var (v, i) = x[0].Max(1); return [v, i]; },
            x => { var (v, i) = x[0].max(1); return [v, i]; }),
        Many("max dim -1 keepDim with indices", [[3, 4, 5]],
            x => { var (v, i) = x[0].Max(-1, keepDim: true); return [v, i]; },
            x => { var (v, i) = x[0].max(-1, keepdim: true); return [v, i]; }),
        Many("min dim 0 keepDim with indices", [[3, 4, 5]],
            x => { var (v, i) = x[0].Min(0, keepDim: true); return [v, i]; },
            x => { var (v, i) = x[0].min(0, keepdim: true); return [v, i]; }),
        One("amax dim 1", [[3, 4, 5]], x => x[0].Amax(1), x => x[0].amax(L(1))),
        One("amax dims [0,2] keepDim", [[3, 4, 5]], x => x[0].Amax([0, 2], keepDim: true), x => x[0].amax(L(0, 2), keepdim: true)),
        One("amin dim -1", [[3, 4, 5]], x => x[0].Amin(-1), x => x[0].amin(L(-1))),

        // Ties (inputs rounded to halves): amax/amin and the all-reduction max/min share the gradient evenly among the tied
        // elements, as PyTorch's evenly_distribute_backward does.
        One("amax dim 1 with ties", [[4, 6]], x => x[0].Amax(1), x => x[0].amax(L(1))) with { Domain = (_, v) => Math.Round(v) },
        One("amin dims [0,1] with ties", [[4, 6]], x => x[0].Amin([0, 1]), x => x[0].amin(L(0, 1))) with { Domain = (_, v) => Math.Round(v) },
        One("max all with ties", [[4, 6]], x => x[0].Max(), x => x[0].max()) with { Domain = (_, v) => Math.Min(Math.Round(v), 1) },
        One("min all with ties", [[4, 6]], x => x[0].Min(), x => x[0].min()) with { Domain = (_, v) => Math.Max(Math.Round(v), -1) },
        One("argmax all", [[3, 4, 5]], x => x[0].ArgMax(), x => x[0].argmax()) with { Differentiable = false },
        One("argmax dim 1 keepDim", [[3, 4, 5]], x => x[0].ArgMax(1, keepDim: true), x => x[0].argmax(1, keepdim: true)) with { Differentiable = false },
        One("argmin all", [[3, 4, 5]], x => x[0].ArgMin(), x => x[0].argmin()) with { Differentiable = false },
        One("argmin dim -1", [[3, 4, 5]], x => x[0].ArgMin(-1), x => x[0].argmin(-1)) with { Differentiable = false },
        One("logsumexp all", [[3, 4, 5]], x => x[0].LogSumExp(), x => x[0].flatten().logsumexp(0)),
        One("logsumexp dim 1", [[3, 4, 5]], x => x[0].LogSumExp(1), x => x[0].logsumexp(1)),
        One("logsumexp dim -1 keepDim", [[3, 4, 5]], x => x[0].LogSumExp(-1, keepDim: true), x => x[0].logsumexp(-1, keepdim: true)),
        One("logsumexp of large values", [[4, 6]], x => (x[0] * 400.0).LogSumExp(1), x => (x[0] * 400.0).logsumexp(1)),
    ];

    public static TheoryData<string> Names => OpParity.Names(Cases);

    [Theory]
    [MemberData(nameof(Names))]
    public void Float64_MatchesLibtorch(string name) => OpParity.Check(OpParity.Find(Cases, name), DType.Float64);

    [Theory]
    [MemberData(nameof(Names))]
    public void Float32_MatchesLibtorch(string name) => OpParity.Check(OpParity.Find(Cases, name), DType.Float32);
}
