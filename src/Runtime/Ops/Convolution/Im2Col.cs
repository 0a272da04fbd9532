using AutoDiffGen.Kernels;

namespace AutoDiffGen;

public sealed partial class Tensor
{
    /// <summary>
    /// im2col (<c>F.unfold</c>'s core): [N, C, H, W] images to [N, C·kh·kw, outH·outW] column matrices, the windows placed
    /// by <paramref name="geometry"/>, padding read as zero. Convolution, average pooling and <c>Unfold</c> are built on it;
    /// its rule is its adjoint <see cref="Col2Im"/>, whose rule is this op again, so gradients of any order compose.
    /// </summary>
    internal static Tensor Im2Col(Tensor x, Im2ColGeometry geometry)
    {
        var source = x.ContiguousUntracked();
        int batch = x.Shape[0];
        var result = Empty(new Shape(batch, geometry.Rows, geometry.Columns), x.DType);
        if (x.DType == DType.Float32)
        {
            Kernels.Im2Col.Unfold(source.StorageAs<float>(), source.Offset, result.StorageAs<float>(), result.Offset, batch, geometry);
        }
        else
        {
            Kernels.Im2Col.Unfold(source.StorageAs<double>(), source.Offset, result.StorageAs<double>(), result.Offset, batch, geometry);
        }

        return Autograd.Record(nameof(Im2Col), result, x, static (node, grad, grads) =>
            grads[0] = Im2ColBackward(grad, (Im2ColGeometry)node.State!), geometry);
    }

    /// <summary>The rule of <c>Im2Col</c>: every tap's gradient added back onto the pixel it read (col2im).</summary>
    [DerivativeOf(nameof(Im2Col))]
    internal static Tensor Im2ColBackward(Tensor grad, Im2ColGeometry geometry) => Col2Im(grad, geometry);
}
