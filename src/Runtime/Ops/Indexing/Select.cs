namespace AutoDiffGen;

public sealed partial class Tensor
{
    /// <summary>
    /// A view of position <paramref name="index"/> of dimension <paramref name="dim"/>, with that dimension removed
    /// (<c>torch.select</c>, Python's <c>x[:, i]</c>); a negative index counts from the end.
    /// </summary>
    public Tensor Select(int dim, int index)
    {
        if (Rank == 0)
        {
            throw new ArgumentException("Select: cannot be applied to a 0-dim tensor.");
        }

        var d = Shape.NormalizeAxis(dim, Rank);
        var i = SliceSpec.CheckIndex(nameof(Select), Shape, d, index);
        return Autograd.Record(nameof(Select), SliceSpec.Select(Shape, d, i).ViewOf(this), this, static (node, grad, grads) =>
        {
            var (dim, index) = ((int, int))node.State!;
            grads[0] = SelectBackward(grad, node.Inputs[0], dim, index);
        }, (d, i));
    }

    [DerivativeOf(nameof(Select))]
    internal static Tensor SelectBackward(Tensor grad, Tensor x, int dim, int index)
    {
        var d = Shape.NormalizeAxis(dim, x.Rank);
        return SliceBackward(grad, SliceSpec.Select(x.Shape, d, SliceSpec.CheckIndex(nameof(Select), x.Shape, d, index)));
    }
}
