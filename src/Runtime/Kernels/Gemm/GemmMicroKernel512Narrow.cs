using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace AutoDiffGen.Kernels;

/// <summary>
/// AVX-512 micro-kernel for narrow C (n up to one vector, like an MLP's 10-class output layer): a 16 x (1 vector) tile,
/// 16x16 float32 or 16x8 float64, in 16 zmm accumulators. The 8 x (2 vectors) kernel would pad n = 10 to 32 columns
/// and waste two thirds of its FMAs; this one pads to 16.
/// </summary>
internal readonly unsafe struct GemmMicroKernel512Narrow<T> : IGemmMicroKernel<T>
    where T : unmanaged
{
    public static int MR => 16;

    public static int NR => Vector512<T>.Count;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(int kc, T* a, T* b, T* c, nint ldc, T alpha, T beta, bool betaIsZero)
    {
        Vector512<T> c0 = default, c1 = default, c2 = default, c3 = default, c4 = default, c5 = default, c6 = default, c7 = default;
        Vector512<T> c8 = default, c9 = default, c10 = default, c11 = default, c12 = default, c13 = default, c14 = default, c15 = default;
        for (int p = 0; p < kc; p++)
        {
            Vector512<T> bv = Vector512.Load(b);
            c0 = Fma(Vector512.Create(a[0]), bv, c0);
            c1 = Fma(Vector512.Create(a[1]), bv, c1);
            c2 = Fma(Vector512.Create(a[2]), bv, c2);
            c3 = Fma(Vector512.Create(a[3]), bv, c3);
            c4 = Fma(Vector512.Create(a[4]), bv, c4);
            c5 = Fma(Vector512.Create(a[5]), bv, c5);
            c6 = Fma(Vector512.Create(a[6]), bv, c6);
            c7 = Fma(Vector512.Create(a[7]), bv, c7);
            c8 = Fma(Vector512.Create(a[8]), bv, c8);
            c9 = Fma(Vector512.Create(a[9]), bv, c9);
            c10 = Fma(Vector512.Create(a[10]), bv, c10);
            c11 = Fma(Vector512.Create(a[11]), bv, c11);
            c12 = Fma(Vector512.Create(a[12]), bv, c12);
            c13 = Fma(Vector512.Create(a[13]), bv, c13);
            c14 = Fma(Vector512.Create(a[14]), bv, c14);
            c15 = Fma(Vector512.Create(a[15]), bv, c15);
            a += 16;
            b += Vector512<T>.Count;
        }

        Vector512<T> va = Vector512.Create(alpha);
        Vector512<T> vb = Vector512.Create(beta);
        Write(c, va, vb, betaIsZero, c0);
        Write(c + ldc, va, vb, betaIsZero, c1);
        Write(c + (2 * ldc), va, vb, betaIsZero, c2);
        Write(c + (3 * ldc), va, vb, betaIsZero, c3);
        Write(c + (4 * ldc), va, vb, betaIsZero, c4);
        Write(c + (5 * ldc), va, vb, betaIsZero, c5);
        Write(c + (6 * ldc), va, vb, betaIsZero, c6);
        Write(c + (7 * ldc), va, vb, betaIsZero, c7);
        Write(c + (8 * ldc), va, vb, betaIsZero, c8);
        Write(c + (9 * ldc), va, vb, betaIsZero, c9);
        Write(c + (10 * ldc), va, vb, betaIsZero, c10);
        Write(c + (11 * ldc), va, vb, betaIsZero, c11);
        Write(c + (12 * ldc), va, vb, betaIsZero, c12);
        Write(c + (13 * ldc), va, vb, betaIsZero, c13);
        Write(c + (14 * ldc), va, vb, betaIsZero, c14);
        Write(c + (15 * ldc), va, vb, betaIsZero, c15);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Write(T* c, Vector512<T> alpha, Vector512<T> beta, bool betaIsZero, Vector512<T> x)
        => Vector512.Store(betaIsZero ? alpha * x : Fma(beta, Vector512.Load(c), alpha * x), c);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<T> Fma(Vector512<T> x, Vector512<T> y, Vector512<T> acc)
    {
        if (typeof(T) == typeof(float))
        {
            return Avx512F.FusedMultiplyAdd(x.AsSingle(), y.AsSingle(), acc.AsSingle()).As<float, T>();
        }

        return Avx512F.FusedMultiplyAdd(x.AsDouble(), y.AsDouble(), acc.AsDouble()).As<double, T>();
    }
}
