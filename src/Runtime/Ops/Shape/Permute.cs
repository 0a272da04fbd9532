namespace AutoDiffGen;

public sealed partial class Tensor
{
    /// <summary>A view with the dimensions reordered: dimension i of the result is dimension <paramref name="dims"/>[i] of this tensor (<c>torch.permute</c>).</summary>
    public Tensor Permute(params int[] dims)
    {
        if (dims.Length != Rank)
        {
            throw new ArgumentException($"Permute: expected {Rank} dimensions for shape {Shape}, got [{string.Join(", ", dims)}].");
        }

        var seen = new bool[Rank];
        var shape = new int[Rank];
        var strides = new int[Rank];
        for (var i = 0; i < Rank; i++)
        {
            var d = Shape.NormalizeAxis(dims[i], Rank);
            if (seen[d])
            {
                throw new ArgumentException($"Permute: dimension {d} repeated in [{string.Join(", ", dims)}].");
            }

            seen[d] = true;
            shape[i] = Shape.Raw[d];
            strides[i] = Strides[d];
        }

        var result = new Tensor(Storage, Shape.Wrap(shape), strides, Offset);
        return Autograd.Record(nameof(Permute), result, this, static (node, grad, grads) => grads[0] = PermuteBackward(grad, (int[])node.State!), dims);
    }

    [DerivativeOf(nameof(Permute))]
    internal static Tensor PermuteBackwardRule(Tensor grad, Tensor x, int[] dims) => PermuteBackward(grad, dims);

    // A transpose is its own inverse.
    [DerivativeOf(nameof(Transpose))]
    internal static Tensor TransposeBackward(Tensor grad, Tensor x, int dim0, int dim1) => grad.Transpose(dim0, dim1);

    internal static Tensor PermuteBackward(Tensor grad, int[] dims)
    {
        var inverse = new int[dims.Length];
        for (var i = 0; i < dims.Length; i++)
        {
            inverse[Shape.NormalizeAxis(dims[i], dims.Length)] = i;
        }

        return grad.Permute(inverse);
    }

    /// <summary>A view with dimensions <paramref name="dim0"/> and <paramref name="dim1"/> swapped (<c>torch.transpose</c>).</summary>
    public Tensor Transpose(int dim0, int dim1)
    {
        var dims = new int[Rank];
        for (var i = 0; i < Rank; i++)
        {
            dims[i] = i;
        }

        if (Rank == 0)
        {
            return this;
        }

        var a = Shape.NormalizeAxis(dim0, Rank);
        var b = Shape.NormalizeAxis(dim1, Rank);
        (dims[a], dims[b]) = (dims[b], dims[a]);
        return Permute(dims);
    }

    /// <summary>The transpose of a matrix (rank ≤ 2), as PyTorch's <c>.T</c> on 2-D tensors.</summary>
    public Tensor T => Rank switch
    {
        < 2 => this,
        2 => Transpose(0, 1),
        _ => throw new InvalidOperationException($"T: expected a tensor of rank <= 2, got shape {Shape}; use Permute or Transpose(-2, -1)."),
    };

    /// <summary>The transpose of the last two dimensions (PyTorch's <c>.mT</c>).</summary>
    public Tensor MT => Rank >= 2 ? Transpose(-2, -1) : throw new InvalidOperationException($"MT: expected rank >= 2, got shape {Shape}.");
}
