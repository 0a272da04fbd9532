using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace AutoDiffGen.Kernels;

/// <summary>
/// Packs a kc-deep slice of an operand into micro-panels of <c>width</c> lanes laid out [panel][p][lane], the order
/// the micro-kernel reads them, zero-padding the last panel. Transposes are handled here, so op(A) and op(B) are
/// never materialised: each operand is either "copy" (a source row runs along the lanes) or "transpose"
/// (a source row runs along k).
/// </summary>
internal static unsafe class GemmPacking
{
    /// <summary>
    /// Source row p (stride <paramref name="ld"/>) holds lanes 0..<paramref name="lanes"/>: op(A) with transA, op(B)
    /// without transB. Writes ceil(lanes/width) panels of kc x width.
    /// </summary>
    public static void PackCopy<T>(T* src, nint ld, int lanes, int kc, int width, T* dst)
        where T : unmanaged
    {
        for (int j = 0; j < lanes; j += width)
        {
            int w = Math.Min(width, lanes - j);
            T* s = src + j;
            if (w == width)
            {
                int bytes = width * sizeof(T);
                for (int p = 0; p < kc; p++)
                {
                    CopyLanes(s, dst, bytes);
                    s += ld;
                    dst += width;
                }
            }
            else
            {
                for (int p = 0; p < kc; p++)
                {
                    int q = 0;
                    for (; q < w; q++)
                    {
                        dst[q] = s[q];
                    }

                    for (; q < width; q++)
                    {
                        dst[q] = default;
                    }

                    s += ld;
                    dst += width;
                }
            }
        }
    }

    /// <summary>
    /// Source row i (stride <paramref name="ld"/>) runs along k: op(A) without transA, op(B) with transB.
    /// Writes ceil(lanes/width) panels of kc x width.
    /// </summary>
    public static void PackTransposed<T>(T* src, nint ld, int lanes, int kc, int width, T* dst)
        where T : unmanaged
    {
        for (int j = 0; j < lanes; j += width)
        {
            int w = Math.Min(width, lanes - j);
            T* s = src + (j * ld);
            int q = 0;
            int block = typeof(T) == typeof(float) ? 8 : 4;
            if (w == width && width % block == 0 && GemmTransposeBlocks.IsSupported && (typeof(T) == typeof(float) || typeof(T) == typeof(double)))
            {
                // Whole blocks of rows x k go through registers; the k tail of each row group falls to the scalar loop.
                int kBlocks = kc / block * block;
                for (int g = 0; g < width; g += block)
                {
                    T* rows = s + (g * ld);
                    for (int p = 0; p < kBlocks; p += block)
                    {
                        if (typeof(T) == typeof(float))
                        {
                            GemmTransposeBlocks.Transpose8x8((float*)(rows + p), ld, (float*)(dst + (p * width) + g), width);
                        }
                        else
                        {
                            GemmTransposeBlocks.Transpose4x4((double*)(rows + p), ld, (double*)(dst + (p * width) + g), width);
                        }
                    }

                    for (int r = 0; r < block; r++)
                    {
                        T* row = rows + (r * ld);
                        for (int p = kBlocks; p < kc; p++)
                        {
                            dst[(p * width) + g + r] = row[p];
                        }
                    }
                }

                q = w;
            }

            // Lane-by-lane: each source row is read sequentially (prefetch-friendly), written with stride width.
            for (; q < w; q++)
            {
                T* row = s + (q * ld);
                T* d = dst + q;
                for (int p = 0; p < kc; p++)
                {
                    d[p * width] = row[p];
                }
            }

            for (q = w; q < width; q++)
            {
                for (int p = 0; p < kc; p++)
                {
                    dst[(p * width) + q] = default;
                }
            }

            dst += kc * width;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void CopyLanes<T>(T* s, T* d, int bytes)
        where T : unmanaged
    {
        byte* sb = (byte*)s;
        byte* db = (byte*)d;
        int o = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            for (; o + 64 <= bytes; o += 64)
            {
                Vector512.Store(Vector512.Load(sb + o), db + o);
            }
        }

        for (; o + 32 <= bytes; o += 32)
        {
            Vector256.Store(Vector256.Load(sb + o), db + o);
        }

        for (; o < bytes; o++)
        {
            db[o] = sb[o];
        }
    }
}
