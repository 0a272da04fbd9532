using System.Numerics;

namespace AutoDiffGen.Kernels;

/// <summary>
/// Max-pooling window searches over contiguous planes of [height, width]: for each window, the flat position
/// (y·width + x) of its largest element, as PyTorch's <c>return_indices</c> gives it. The first maximum wins; a NaN wins
/// over any number (it propagates, as in PyTorch). Positions in the padding are never chosen.
/// </summary>
internal static class PoolingKernels
{
    /// <summary>Fixed windows placed by <paramref name="g"/> (channels = planes of one batch element).</summary>
    public static void MaxIndices<T>(ReadOnlySpan<T> planes, Span<long> indices, int planeCount, in Im2ColGeometry g)
        where T : unmanaged, INumber<T>
    {
        int planeSize = g.Height * g.Width, outSize = g.OutH * g.OutW;
        for (int p = 0; p < planeCount; p++)
        {
            var plane = planes.Slice(p * planeSize, planeSize);
            var output = indices.Slice(p * outSize, outSize);
            for (int oy = 0; oy < g.OutH; oy++)
            {
                for (int ox = 0; ox < g.OutW; ox++)
                {
                    int y0 = (oy * g.StrideH) - g.PadH, x0 = (ox * g.StrideW) - g.PadW;
                    long best = -1;
                    T bestValue = T.Zero;
                    for (int ky = 0; ky < g.KernelH; ky++)
                    {
                        int y = y0 + (ky * g.DilationH);
                        if ((uint)y >= (uint)g.Height)
                        {
                            continue;
                        }

                        for (int kx = 0; kx < g.KernelW; kx++)
                        {
                            int x = x0 + (kx * g.DilationW);
                            if ((uint)x >= (uint)g.Width)
                            {
                                continue;
                            }

                            var v = plane[(y * g.Width) + x];
                            if (best < 0 || v > bestValue || (T.IsNaN(v) && !T.IsNaN(bestValue)))
                            {
                                best = (y * g.Width) + x;
                                bestValue = v;
                            }
                        }
                    }

                    output[(oy * g.OutW) + ox] = best;
                }
            }
        }
    }

    /// <summary>Adaptive windows: output cell i covers [⌊i·in/out⌋, ⌈(i+1)·in/out⌉) along each dimension.</summary>
    public static void AdaptiveMaxIndices<T>(ReadOnlySpan<T> planes, Span<long> indices, int planeCount, int height, int width, int outH, int outW)
        where T : unmanaged, INumber<T>
    {
        int planeSize = height * width, outSize = outH * outW;
        for (int p = 0; p < planeCount; p++)
        {
            var plane = planes.Slice(p * planeSize, planeSize);
            var output = indices.Slice(p * outSize, outSize);
            for (int oy = 0; oy < outH; oy++)
            {
                int y0 = AdaptiveStart(oy, height, outH), y1 = AdaptiveEnd(oy, height, outH);
                for (int ox = 0; ox < outW; ox++)
                {
                    int x0 = AdaptiveStart(ox, width, outW), x1 = AdaptiveEnd(ox, width, outW);
                    long best = (y0 * width) + x0;
                    T bestValue = plane[(int)best];
                    for (int y = y0; y < y1; y++)
                    {
                        for (int x = x0; x < x1; x++)
                        {
                            var v = plane[(y * width) + x];
                            if (v > bestValue || (T.IsNaN(v) && !T.IsNaN(bestValue)))
                            {
                                best = (y * width) + x;
                                bestValue = v;
                            }
                        }
                    }

                    output[(oy * outW) + ox] = best;
                }
            }
        }
    }

    /// <summary>First input position of adaptive output cell <paramref name="i"/>: ⌊i·in/out⌋.</summary>
    public static int AdaptiveStart(int i, int inSize, int outSize) => (int)((long)i * inSize / outSize);

    /// <summary>One past the last input position of adaptive output cell <paramref name="i"/>: ⌈(i+1)·in/out⌉.</summary>
    public static int AdaptiveEnd(int i, int inSize, int outSize) => (int)((((long)(i + 1) * inSize) + outSize - 1) / outSize);
}
