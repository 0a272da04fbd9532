using TorchSharp;

namespace AutoDiffGen.Parity.Tests.Ops;

/// <summary>
/// One row of a parity table: an op written once against our runtime and once against libtorch, the shapes of its
/// float inputs, and how to draw those inputs. Both sides return every output (several for split, max-with-indices).
/// </summary>
internal sealed record OpCase(
    string Name,
    int[][] Shapes,
    Func<Tensor[], Tensor[]> Ours,
    Func<torch.Tensor[], torch.Tensor[]> Torch)
{
    /// <summary>Maps a standard-normal draw for input <c>i</c> into the op's domain (e.g. positive for log); identity by default.</summary>
    public Func<int, double, double> Domain { get; init; } = static (_, v) => v;

    /// <summary>False for ops without a gradient (comparisons, sign, argmax): only the forward values are compared.</summary>
    public bool Differentiable { get; init; } = true;

    /// <summary>Indices of inputs that are constants (no gradient asked on either side), e.g. a loss's target.</summary>
    public int[] Constant { get; init; } = [];

    /// <summary>Relative tolerance (scaled by the tensor's largest magnitude) in float32; see <see cref="OpParity"/>.</summary>
    public double Float32Tolerance { get; init; } = 1e-5;

    /// <summary>Relative tolerance (scaled by the tensor's largest magnitude) in float64.</summary>
    public double Float64Tolerance { get; init; } = 1e-10;

    /// <summary>The row's name, which is what xunit shows for the theory case.</summary>
    public override string ToString() => Name;

    /// <summary>A row whose op has a single output.</summary>
    public static OpCase One(string name, int[][] shapes, Func<Tensor[], Tensor> ours, Func<torch.Tensor[], torch.Tensor> reference)
        => new(name, shapes, x => [ours(x)], x => [reference(x)]);

    /// <summary>A row whose op has several outputs, compared pairwise.</summary>
    public static OpCase Many(string name, int[][] shapes, Func<Tensor[], Tensor[]> ours, Func<torch.Tensor[], torch.Tensor[]> reference)
        => new(name, shapes, ours, reference);
}
