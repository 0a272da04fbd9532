namespace AutoDiffGen;

public sealed partial class Tensor
{
    /// <summary>A view with every size-1 dimension removed (<c>torch.squeeze</c>).</summary>
    public Tensor Squeeze() => Squeeze(AllAxes(Rank));

    /// <summary>
    /// A view with dimension <paramref name="dim"/> removed if its size is 1; otherwise this tensor unchanged, as in PyTorch.
    /// </summary>
    public Tensor Squeeze(int dim) => Squeeze([dim]);

    /// <summary>A view with those of <paramref name="dims"/> whose size is 1 removed; the others are kept, as in PyTorch.</summary>
    public Tensor Squeeze(int[] dims)
    {
        ArgumentNullException.ThrowIfNull(dims);
        var remove = new bool[Rank];
        foreach (var dim in dims)
        {
            var d = Shape.NormalizeAxis(dim, Rank);
            if (Rank > 0)
            {
                remove[d] = Shape.Raw[d] == 1;
            }
        }

        var shape = new List<int>(Rank);
        var strides = new List<int>(Rank);
        for (var d = 0; d < Rank; d++)
        {
            if (!remove[d])
            {
                shape.Add(Shape.Raw[d]);
                strides.Add(Strides[d]);
            }
        }

        if (shape.Count == Rank)
        {
            return this;
        }

        var result = new Tensor(Storage, Shape.Wrap([.. shape]), [.. strides], Offset);
        return Autograd.Record(nameof(Squeeze), result, this, static (node, grad, grads) => grads[0] = SqueezeBackward(grad, node.Inputs[0]));
    }

    [DerivativeOf(nameof(Squeeze))]
    internal static Tensor SqueezeBackward(Tensor grad, Tensor x) => grad.Reshape(x.Shape.Raw);
}
