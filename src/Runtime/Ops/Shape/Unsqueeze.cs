namespace AutoDiffGen;

public sealed partial class Tensor
{
    /// <summary>
    /// A view with a size-1 dimension inserted at position <paramref name="dim"/>, which may range over
    /// [−rank − 1, rank] (<c>torch.unsqueeze</c>).
    /// </summary>
    public Tensor Unsqueeze(int dim)
    {
        var d = Shape.NormalizeAxis(dim, Rank + 1);
        var shape = new int[Rank + 1];
        var strides = new int[Rank + 1];
        for (int i = 0, j = 0; i <= Rank; i++)
        {
            if (i == d)
            {
                shape[i] = 1;

                // The stride a contiguous layout would give it, as PyTorch does; with size 1 its value never matters.
                strides[i] = d < Rank ? Strides[d] * Math.Max(Shape.Raw[d], 1) : 1;
            }
            else
            {
                shape[i] = Shape.Raw[j];
                strides[i] = Strides[j];
                j++;
            }
        }

        var result = new Tensor(Storage, Shape.Wrap(shape), strides, Offset);
        return Autograd.Record(nameof(Unsqueeze), result, this, static (node, grad, grads) => grads[0] = UnsqueezeBackward(grad, node.Inputs[0]));
    }

    [DerivativeOf(nameof(Unsqueeze))]
    internal static Tensor UnsqueezeBackward(Tensor grad, Tensor x) => grad.Reshape(x.Shape.Raw);
}
