using AutoDiffGen.Kernels;

namespace AutoDiffGen;

public sealed partial class Tensor
{
    /// <summary>
    /// col2im (<c>F.fold</c>'s core): [N, C·kh·kw, outH·outW] column matrices summed back into [N, C, H, W] images, each
    /// tap onto the pixel <paramref name="geometry"/> places it at (taps in the padding are dropped). The adjoint of
    /// <see cref="Im2Col"/>, which is its rule.
    /// </summary>
    internal static Tensor Col2Im(Tensor columns, Im2ColGeometry geometry)
    {
        var source = columns.ContiguousUntracked();
        int batch = columns.Shape[0];
        var result = Empty(new Shape(batch, geometry.Channels, geometry.Height, geometry.Width), columns.DType);
        if (columns.DType == DType.Float32)
        {
            Kernels.Im2Col.Fold(source.StorageAs<float>(), source.Offset, result.StorageAs<float>(), result.Offset, batch, geometry);
        }
        else
        {
            Kernels.Im2Col.Fold(source.StorageAs<double>(), source.Offset, result.StorageAs<double>(), result.Offset, batch, geometry);
        }

        return Autograd.Record(nameof(Col2Im), result, columns, static (node, grad, grads) =>
            grads[0] = Col2ImBackward(grad, (Im2ColGeometry)node.State!), geometry);
    }

    /// <summary>The rule of <c>Col2Im</c>: each tap reads the gradient of the pixel it was added to (im2col).</summary>
    [DerivativeOf(nameof(Col2Im))]
    internal static Tensor Col2ImBackward(Tensor grad, Im2ColGeometry geometry) => Im2Col(grad, geometry);
}
