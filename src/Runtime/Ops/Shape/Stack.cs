namespace AutoDiffGen;

public sealed partial class Tensor
{
    /// <summary>
    /// Joins tensors of one shape along a new dimension <paramref name="dim"/>, which may range over [−rank − 1, rank]
    /// (<c>torch.stack</c>). Built from <see cref="Unsqueeze"/> and <see cref="Concat"/>, so its gradient comes from theirs.
    /// </summary>
    public static Tensor Stack(Tensor[] tensors, int dim = 0)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        if (tensors.Length == 0)
        {
            throw new ArgumentException("Stack: expected a non-empty list of tensors.", nameof(tensors));
        }

        var shape = tensors[0].Shape;
        var d = Shape.NormalizeAxis(dim, shape.Rank + 1);
        var lifted = new Tensor[tensors.Length];
        for (var i = 0; i < tensors.Length; i++)
        {
            if (tensors[i].Shape != shape)
            {
                throw new ArgumentException($"Stack: expects each tensor to be equal size, but got {shape} at entry 0 and {tensors[i].Shape} at entry {i}.", nameof(tensors));
            }

            lifted[i] = tensors[i].Unsqueeze(d);
        }

        return Concat(lifted, d);
    }
}
