using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace AutoDiffGen.Kernels;

/// <summary>
/// Vector256 micro-kernel for CPUs without AVX-512: a 6 x (2 vectors) tile (6x16 float32, 6x8 float64) in 12 ymm
/// accumulators, leaving 4 of the 16 ymm registers for B and the broadcast so nothing spills.
/// </summary>
internal readonly unsafe struct GemmMicroKernel256<T> : IGemmMicroKernel<T>
    where T : unmanaged
{
    public static int MR => 6;

    public static int NR => 2 * Vector256<T>.Count;

    public static bool IsSupported => Vector256.IsHardwareAccelerated && (typeof(T) == typeof(float) || typeof(T) == typeof(double));

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(int kc, T* a, T* b, T* c, nint ldc, T alpha, T beta, bool betaIsZero)
    {
        int w = Vector256<T>.Count;
        Vector256<T> c00 = default, c01 = default, c10 = default, c11 = default;
        Vector256<T> c20 = default, c21 = default, c30 = default, c31 = default;
        Vector256<T> c40 = default, c41 = default, c50 = default, c51 = default;

        for (int p = 0; p < kc; p++)
        {
            Vector256<T> b0 = Vector256.Load(b);
            Vector256<T> b1 = Vector256.Load(b + w);
            Vector256<T> ai = Vector256.Create(a[0]);
            c00 = Fma(ai, b0, c00);
            c01 = Fma(ai, b1, c01);
            ai = Vector256.Create(a[1]);
            c10 = Fma(ai, b0, c10);
            c11 = Fma(ai, b1, c11);
            ai = Vector256.Create(a[2]);
            c20 = Fma(ai, b0, c20);
            c21 = Fma(ai, b1, c21);
            ai = Vector256.Create(a[3]);
            c30 = Fma(ai, b0, c30);
            c31 = Fma(ai, b1, c31);
            ai = Vector256.Create(a[4]);
            c40 = Fma(ai, b0, c40);
            c41 = Fma(ai, b1, c41);
            ai = Vector256.Create(a[5]);
            c50 = Fma(ai, b0, c50);
            c51 = Fma(ai, b1, c51);
            a += 6;
            b += 2 * w;
        }

        Vector256<T> va = Vector256.Create(alpha);
        Vector256<T> vb = Vector256.Create(beta);
        WriteRow(c, w, va, vb, betaIsZero, c00, c01);
        WriteRow(c + ldc, w, va, vb, betaIsZero, c10, c11);
        WriteRow(c + 2 * ldc, w, va, vb, betaIsZero, c20, c21);
        WriteRow(c + 3 * ldc, w, va, vb, betaIsZero, c30, c31);
        WriteRow(c + 4 * ldc, w, va, vb, betaIsZero, c40, c41);
        WriteRow(c + 5 * ldc, w, va, vb, betaIsZero, c50, c51);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void WriteRow(T* c, int w, Vector256<T> alpha, Vector256<T> beta, bool betaIsZero, Vector256<T> x0, Vector256<T> x1)
    {
        if (betaIsZero)
        {
            Vector256.Store(alpha * x0, c);
            Vector256.Store(alpha * x1, c + w);
        }
        else
        {
            Vector256.Store(Fma(beta, Vector256.Load(c), alpha * x0), c);
            Vector256.Store(Fma(beta, Vector256.Load(c + w), alpha * x1), c + w);
        }
    }

    /// <summary>x * y + acc, fused when FMA3 exists; typeof checks fold away when the JIT specialises T.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<T> Fma(Vector256<T> x, Vector256<T> y, Vector256<T> acc)
    {
        if (System.Runtime.Intrinsics.X86.Fma.IsSupported)
        {
            if (typeof(T) == typeof(float))
            {
                return System.Runtime.Intrinsics.X86.Fma.MultiplyAdd(x.AsSingle(), y.AsSingle(), acc.AsSingle()).As<float, T>();
            }

            return System.Runtime.Intrinsics.X86.Fma.MultiplyAdd(x.AsDouble(), y.AsDouble(), acc.AsDouble()).As<double, T>();
        }

        return (x * y) + acc;
    }
}
