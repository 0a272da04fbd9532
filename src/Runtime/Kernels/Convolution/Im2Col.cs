using System.Numerics;

namespace AutoDiffGen.Kernels;

/// <summary>
/// im2col and its adjoint col2im over contiguous [batch, channels, height, width] images: the column matrix of one image
/// is [channels·kh·kw, outH·outW], row (c, ky, kx), column (oy, ox). Knows nothing of tensors.
/// </summary>
internal static class Im2Col
{
    /// <summary>
    /// <see cref="Unfold{T}(ReadOnlySpan{T}, Span{T}, int, in Im2ColGeometry)"/> over arrays, the images split across
    /// cores when the columns are large (each image's columns are its own, so slices share nothing).
    /// </summary>
    public static void Unfold<T>(T[] images, int imagesOffset, T[] columns, int columnsOffset, int batch, in Im2ColGeometry g)
        where T : unmanaged, INumber<T>
    {
        long elements = (long)batch * g.Rows * g.Columns;
        var body = new BatchBody<T>(images, imagesOffset, columns, columnsOffset, g, fold: false);
        Parallelism.For(batch, Parallelism.ChunkCount((int)Math.Min(elements, int.MaxValue)), body, elements, grain: 1);
    }

    /// <summary><see cref="Fold{T}(ReadOnlySpan{T}, Span{T}, int, in Im2ColGeometry)"/> over arrays, images split across cores.</summary>
    public static void Fold<T>(T[] columns, int columnsOffset, T[] images, int imagesOffset, int batch, in Im2ColGeometry g)
        where T : unmanaged, INumber<T>
    {
        long elements = (long)batch * g.Rows * g.Columns;
        var body = new BatchBody<T>(images, imagesOffset, columns, columnsOffset, g, fold: true);
        Parallelism.For(batch, Parallelism.ChunkCount((int)Math.Min(elements, int.MaxValue)), body, elements, grain: 1);
    }

    /// <summary>A slice of the batch, unfolded or folded on one thread.</summary>
    private readonly struct BatchBody<T>(T[] images, int imagesOffset, T[] columns, int columnsOffset, Im2ColGeometry g, bool fold) : IRangeBody
        where T : unmanaged, INumber<T>
    {
        public void Run(int start, int length)
        {
            int imageSize = g.ImageSize, columnSize = g.Rows * g.Columns;
            var image = images.AsSpan(imagesOffset + (start * imageSize), length * imageSize);
            var cols = columns.AsSpan(columnsOffset + (start * columnSize), length * columnSize);
            if (fold)
            {
                Fold<T>(cols, image, length, g);
            }
            else
            {
                Unfold<T>(image, cols, length, g);
            }
        }
    }

    /// <summary>Writes the column matrices of <paramref name="batch"/> images into <paramref name="columns"/> (fully overwritten).</summary>
    public static void Unfold<T>(ReadOnlySpan<T> images, Span<T> columns, int batch, in Im2ColGeometry g)
        where T : unmanaged, INumber<T>
    {
        int imageSize = g.ImageSize, columnSize = g.Rows * g.Columns;
        for (int b = 0; b < batch; b++)
        {
            var image = images.Slice(b * imageSize, imageSize);
            var cols = columns.Slice(b * columnSize, columnSize);
            for (int c = 0; c < g.Channels; c++)
            {
                var plane = image.Slice(c * g.Height * g.Width, g.Height * g.Width);
                for (int ky = 0; ky < g.KernelH; ky++)
                {
                    for (int kx = 0; kx < g.KernelW; kx++)
                    {
                        var row = cols.Slice((((c * g.KernelH) + ky) * g.KernelW + kx) * g.Columns, g.Columns);
                        UnfoldRow(plane, row, ky, kx, g);
                    }
                }
            }
        }
    }

    /// <summary>
    /// Adds the column matrices in <paramref name="columns"/> back onto <paramref name="images"/> (each tap onto the pixel it
    /// read; padding taps dropped), after clearing <paramref name="images"/>: the adjoint of Unfold.
    /// </summary>
    public static void Fold<T>(ReadOnlySpan<T> columns, Span<T> images, int batch, in Im2ColGeometry g)
        where T : unmanaged, INumber<T>
    {
        images.Clear();
        int imageSize = g.ImageSize, columnSize = g.Rows * g.Columns;
        for (int b = 0; b < batch; b++)
        {
            var image = images.Slice(b * imageSize, imageSize);
            var cols = columns.Slice(b * columnSize, columnSize);
            for (int c = 0; c < g.Channels; c++)
            {
                var plane = image.Slice(c * g.Height * g.Width, g.Height * g.Width);
                for (int ky = 0; ky < g.KernelH; ky++)
                {
                    for (int kx = 0; kx < g.KernelW; kx++)
                    {
                        var row = cols.Slice((((c * g.KernelH) + ky) * g.KernelW + kx) * g.Columns, g.Columns);
                        FoldRow(row, plane, ky, kx, g);
                    }
                }
            }
        }
    }

    /// <summary>The output columns [first, last) whose tap at offset <paramref name="offset"/> lands inside [0, size).</summary>
    private static (int First, int Last) InsideRange(int offset, int stride, int outSize, int size)
    {
        // ox·stride + offset ≥ 0  ⇔  ox ≥ ⌈−offset / stride⌉;   ox·stride + offset < size  ⇔  ox ≤ ⌊(size − 1 − offset) / stride⌋.
        int first = offset >= 0 ? 0 : (-offset + stride - 1) / stride;
        int last = size - 1 - offset < 0 ? 0 : ((size - 1 - offset) / stride) + 1;
        first = Math.Min(first, outSize);
        last = Math.Clamp(last, first, outSize);
        return (first, last);
    }

    private static void UnfoldRow<T>(ReadOnlySpan<T> plane, Span<T> row, int ky, int kx, in Im2ColGeometry g)
        where T : unmanaged, INumber<T>
    {
        int offsetX = (kx * g.DilationW) - g.PadW;
        var (firstX, lastX) = InsideRange(offsetX, g.StrideW, g.OutW, g.Width);
        for (int oy = 0; oy < g.OutH; oy++)
        {
            var outRow = row.Slice(oy * g.OutW, g.OutW);
            int iy = (oy * g.StrideH) - g.PadH + (ky * g.DilationH);
            if ((uint)iy >= (uint)g.Height)
            {
                outRow.Clear();
                continue;
            }

            outRow[..firstX].Clear();
            outRow[lastX..].Clear();
            var input = plane.Slice(iy * g.Width, g.Width);
            if (g.StrideW == 1)
            {
                // Unit stride: the inside of the row is one contiguous run of the input row.
                input.Slice(firstX + offsetX, lastX - firstX).CopyTo(outRow[firstX..lastX]);
            }
            else
            {
                for (int ox = firstX; ox < lastX; ox++)
                {
                    outRow[ox] = input[(ox * g.StrideW) + offsetX];
                }
            }
        }
    }

    private static void FoldRow<T>(ReadOnlySpan<T> row, Span<T> plane, int ky, int kx, in Im2ColGeometry g)
        where T : unmanaged, INumber<T>
    {
        int offsetX = (kx * g.DilationW) - g.PadW;
        var (firstX, lastX) = InsideRange(offsetX, g.StrideW, g.OutW, g.Width);
        for (int oy = 0; oy < g.OutH; oy++)
        {
            int iy = (oy * g.StrideH) - g.PadH + (ky * g.DilationH);
            if ((uint)iy >= (uint)g.Height || firstX >= lastX)
            {
                continue;
            }

            var inRow = row.Slice(oy * g.OutW, g.OutW);
            var output = plane.Slice(iy * g.Width, g.Width);
            if (g.StrideW == 1)
            {
                System.Numerics.Tensors.TensorPrimitives.Add(output.Slice(firstX + offsetX, lastX - firstX), inRow[firstX..lastX], output.Slice(firstX + offsetX, lastX - firstX));
            }
            else
            {
                for (int ox = firstX; ox < lastX; ox++)
                {
                    output[(ox * g.StrideW) + offsetX] += inRow[ox];
                }
            }
        }
    }
}
