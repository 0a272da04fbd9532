using System.Numerics;
using System.Runtime.CompilerServices;

namespace AutoDiffGen.Kernels;

/// <summary>
/// Portable scalar micro-kernel: a 4x4 tile in 16 locals, the fallback where no SIMD width is accelerated.
/// </summary>
internal readonly unsafe struct GemmMicroKernelScalar<T> : IGemmMicroKernel<T>
    where T : unmanaged, INumber<T>
{
    public static int MR => 4;

    public static int NR => 4;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(int kc, T* a, T* b, T* c, nint ldc, T alpha, T beta, bool betaIsZero)
    {
        T c00 = T.Zero, c01 = T.Zero, c02 = T.Zero, c03 = T.Zero;
        T c10 = T.Zero, c11 = T.Zero, c12 = T.Zero, c13 = T.Zero;
        T c20 = T.Zero, c21 = T.Zero, c22 = T.Zero, c23 = T.Zero;
        T c30 = T.Zero, c31 = T.Zero, c32 = T.Zero, c33 = T.Zero;
        for (int p = 0; p < kc; p++)
        {
            T b0 = b[0], b1 = b[1], b2 = b[2], b3 = b[3];
            T a0 = a[0];
            c00 += a0 * b0; c01 += a0 * b1; c02 += a0 * b2; c03 += a0 * b3;
            a0 = a[1];
            c10 += a0 * b0; c11 += a0 * b1; c12 += a0 * b2; c13 += a0 * b3;
            a0 = a[2];
            c20 += a0 * b0; c21 += a0 * b1; c22 += a0 * b2; c23 += a0 * b3;
            a0 = a[3];
            c30 += a0 * b0; c31 += a0 * b1; c32 += a0 * b2; c33 += a0 * b3;
            a += 4;
            b += 4;
        }

        WriteRow(c, alpha, beta, betaIsZero, c00, c01, c02, c03);
        WriteRow(c + ldc, alpha, beta, betaIsZero, c10, c11, c12, c13);
        WriteRow(c + 2 * ldc, alpha, beta, betaIsZero, c20, c21, c22, c23);
        WriteRow(c + 3 * ldc, alpha, beta, betaIsZero, c30, c31, c32, c33);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void WriteRow(T* c, T alpha, T beta, bool betaIsZero, T x0, T x1, T x2, T x3)
    {
        if (betaIsZero)
        {
            c[0] = alpha * x0; c[1] = alpha * x1; c[2] = alpha * x2; c[3] = alpha * x3;
        }
        else
        {
            c[0] = (alpha * x0) + (beta * c[0]);
            c[1] = (alpha * x1) + (beta * c[1]);
            c[2] = (alpha * x2) + (beta * c[2]);
            c[3] = (alpha * x3) + (beta * c[3]);
        }
    }
}
