namespace AutoDiffGen;

public sealed partial class Tensor
{
    /// <summary>
    /// A view repeating size-1 dimensions to <paramref name="shape"/> without copying; −1 keeps a size (<c>torch.expand</c>).
    /// </summary>
    public Tensor Expand(params int[] shape)
    {
        var dims = (int[])shape.Clone();
        var offset = dims.Length - Rank;
        if (offset < 0)
        {
            throw new ArgumentException($"Expand: cannot expand shape {Shape} to fewer dimensions [{string.Join(", ", shape)}].");
        }

        for (var i = 0; i < Rank; i++)
        {
            if (dims[i + offset] == -1)
            {
                dims[i + offset] = Shape.Raw[i];
            }
        }

        var target = Shape.Of(dims, nameof(Expand));
        if (!Shape.CanBroadcastTo(target))
        {
            throw new ArgumentException($"Expand: shape {Shape} cannot be expanded to {target} (only size-1 dimensions can grow).");
        }

        if (target == Shape)
        {
            return this;
        }

        var result = new Tensor(Storage, target, BroadcastStrides(target), Offset);
        return Autograd.Record(nameof(Expand), result, this, static (node, grad, grads) => grads[0] = ExpandBackward(grad, node.Inputs[0]));
    }

    [DerivativeOf(nameof(Expand))]
    internal static Tensor ExpandBackward(Tensor grad, Tensor x) => ReduceGrad(grad, x.Shape);

    /// <summary>A broadcast view of <paramref name="x"/> at <paramref name="shape"/> (<c>torch.broadcast_to</c>).</summary>
    public static Tensor BroadcastTo(Tensor x, Shape shape) => x.Expand(shape.ToArray());
}
