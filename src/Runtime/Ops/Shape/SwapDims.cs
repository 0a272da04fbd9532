namespace AutoDiffGen;

public sealed partial class Tensor
{
    /// <summary>A view with dimensions <paramref name="axis0"/> and <paramref name="axis1"/> swapped (<c>torch.swapaxes</c>, an alias of <see cref="Transpose"/>).</summary>
    public Tensor Swapaxes(int axis0, int axis1) => Transpose(axis0, axis1);

    /// <summary>A view with dimensions <paramref name="dim0"/> and <paramref name="dim1"/> swapped (<c>torch.swapdims</c>, an alias of <see cref="Transpose"/>).</summary>
    public Tensor SwapDims(int dim0, int dim1) => Transpose(dim0, dim1);
}
