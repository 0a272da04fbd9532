namespace AutoDiffGen;

public sealed partial class Tensor
{
    /// <summary>
    /// A view of positions [<paramref name="start"/>, <paramref name="start"/> + <paramref name="length"/>) of dimension
    /// <paramref name="dim"/> (<c>torch.narrow</c>); a negative <paramref name="start"/> counts from the end.
    /// </summary>
    public Tensor Narrow(int dim, int start, int length)
    {
        if (Rank == 0)
        {
            throw new ArgumentException("Narrow: cannot be applied to a 0-dim tensor.");
        }

        var d = Shape.NormalizeAxis(dim, Rank);
        var size = Shape.Raw[d];
        var begin = start < 0 ? start + size : start;
        if (begin < 0 || begin > size)
        {
            throw new ArgumentOutOfRangeException(nameof(start), start, $"Narrow: start {start} is out of bounds for dimension {d} with size {size} (tensor of shape {Shape}).");
        }

        if (length < 0 || begin + length > size)
        {
            throw new ArgumentOutOfRangeException(nameof(length), length, $"Narrow: start ({start}) + length ({length}) exceeds dimension {d} of size {size} (tensor of shape {Shape}).");
        }

        return Autograd.Record(nameof(Narrow), SliceSpec.Narrow(Shape, d, begin, length).ViewOf(this), this, static (node, grad, grads) =>
        {
            var (dim, start, length) = ((int, int, int))node.State!;
            grads[0] = NarrowBackward(grad, node.Inputs[0], dim, start, length);
        }, (d, begin, length));
    }

    [DerivativeOf(nameof(Narrow))]
    internal static Tensor NarrowBackward(Tensor grad, Tensor x, int dim, int start, int length)
    {
        var d = Shape.NormalizeAxis(dim, x.Rank);
        return SliceBackward(grad, SliceSpec.Narrow(x.Shape, d, start < 0 ? start + x.Shape.Raw[d] : start, length));
    }
}
