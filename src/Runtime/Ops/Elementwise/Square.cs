namespace AutoDiffGen;

public sealed partial class Tensor
{
    /// <summary>
    /// Elementwise x² (<c>torch.square</c>), recorded as the product x·x, so its gradient is 2·x·grad and it can be
    /// differentiated again.
    /// </summary>
    public static Tensor Square(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        return Mul(x, x);
    }

    /// <summary>This tensor squared, elementwise; see <see cref="Square(Tensor)"/>.</summary>
    public Tensor Square() => Square(this);
}
