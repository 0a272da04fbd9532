using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace AutoDiffGen.Kernels;

/// <summary>
/// AVX-512 micro-kernel: an 8 x (2 vectors) tile of C held in 16 zmm accumulators, i.e. 8x32 for float32 and
/// 8x16 for float64. Per k step it loads two B vectors and broadcasts eight A values: 16 FMAs against 10 loads,
/// so the two FMA pipes, not the load ports, are the limit; 16 independent chains cover the 4-cycle FMA latency.
/// </summary>
internal readonly unsafe struct GemmMicroKernel512<T> : IGemmMicroKernel<T>
    where T : unmanaged
{
    public static int MR => 8;

    public static int NR => 2 * Vector512<T>.Count;

    public static bool IsSupported => Avx512F.IsSupported && (typeof(T) == typeof(float) || typeof(T) == typeof(double));

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(int kc, T* a, T* b, T* c, nint ldc, T alpha, T beta, bool betaIsZero)
    {
        int w = Vector512<T>.Count;
        Vector512<T> c00 = default, c01 = default, c10 = default, c11 = default;
        Vector512<T> c20 = default, c21 = default, c30 = default, c31 = default;
        Vector512<T> c40 = default, c41 = default, c50 = default, c51 = default;
        Vector512<T> c60 = default, c61 = default, c70 = default, c71 = default;

        for (int p = 0; p < kc; p++)
        {
            Vector512<T> b0 = Vector512.Load(b);
            Vector512<T> b1 = Vector512.Load(b + w);
            Vector512<T> ai = Vector512.Create(a[0]);
            c00 = Fma(ai, b0, c00);
            c01 = Fma(ai, b1, c01);
            ai = Vector512.Create(a[1]);
            c10 = Fma(ai, b0, c10);
            c11 = Fma(ai, b1, c11);
            ai = Vector512.Create(a[2]);
            c20 = Fma(ai, b0, c20);
            c21 = Fma(ai, b1, c21);
            ai = Vector512.Create(a[3]);
            c30 = Fma(ai, b0, c30);
            c31 = Fma(ai, b1, c31);
            ai = Vector512.Create(a[4]);
            c40 = Fma(ai, b0, c40);
            c41 = Fma(ai, b1, c41);
            ai = Vector512.Create(a[5]);
            c50 = Fma(ai, b0, c50);
            c51 = Fma(ai, b1, c51);
            ai = Vector512.Create(a[6]);
            c60 = Fma(ai, b0, c60);
            c61 = Fma(ai, b1, c61);
            ai = Vector512.Create(a[7]);
            c70 = Fma(ai, b0, c70);
            c71 = Fma(ai, b1, c71);
            a += 8;
            b += 2 * w;
        }

        Store(c, ldc, alpha, beta, betaIsZero, c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51, c60, c61, c70, c71);
    }

    public static bool SupportsDirectA => true;

    /// <summary>
    /// The same tile with A read in place through eight row pointers, one broadcast per row and k step as from a packed
    /// panel. Small products skip packing A this way (each thread of a column split would otherwise pack all of it).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void RunDirect(int kc, T* a, nint rowStride, nint depthStride, T* b, T* c, nint ldc, T alpha, T beta, bool betaIsZero)
    {
        int w = Vector512<T>.Count;
        Vector512<T> c00 = default, c01 = default, c10 = default, c11 = default;
        Vector512<T> c20 = default, c21 = default, c30 = default, c31 = default;
        Vector512<T> c40 = default, c41 = default, c50 = default, c51 = default;
        Vector512<T> c60 = default, c61 = default, c70 = default, c71 = default;
        T* a0 = a, a1 = a + rowStride, a2 = a + (2 * rowStride), a3 = a + (3 * rowStride);
        T* a4 = a + (4 * rowStride), a5 = a + (5 * rowStride), a6 = a + (6 * rowStride), a7 = a + (7 * rowStride);
        nint end = kc * depthStride;

        for (nint o = 0; o != end; o += depthStride)
        {
            Vector512<T> b0 = Vector512.Load(b);
            Vector512<T> b1 = Vector512.Load(b + w);
            Vector512<T> ai = Vector512.Create(a0[o]);
            c00 = Fma(ai, b0, c00);
            c01 = Fma(ai, b1, c01);
            ai = Vector512.Create(a1[o]);
            c10 = Fma(ai, b0, c10);
            c11 = Fma(ai, b1, c11);
            ai = Vector512.Create(a2[o]);
            c20 = Fma(ai, b0, c20);
            c21 = Fma(ai, b1, c21);
            ai = Vector512.Create(a3[o]);
            c30 = Fma(ai, b0, c30);
            c31 = Fma(ai, b1, c31);
            ai = Vector512.Create(a4[o]);
            c40 = Fma(ai, b0, c40);
            c41 = Fma(ai, b1, c41);
            ai = Vector512.Create(a5[o]);
            c50 = Fma(ai, b0, c50);
            c51 = Fma(ai, b1, c51);
            ai = Vector512.Create(a6[o]);
            c60 = Fma(ai, b0, c60);
            c61 = Fma(ai, b1, c61);
            ai = Vector512.Create(a7[o]);
            c70 = Fma(ai, b0, c70);
            c71 = Fma(ai, b1, c71);
            b += 2 * w;
        }

        Store(c, ldc, alpha, beta, betaIsZero, c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51, c60, c61, c70, c71);
    }

    /// <summary>C tile = alpha * accumulators (+ beta * C unless beta is zero).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(
        T* c, nint ldc, T alpha, T beta, bool betaIsZero,
        Vector512<T> c00, Vector512<T> c01, Vector512<T> c10, Vector512<T> c11, Vector512<T> c20, Vector512<T> c21,
        Vector512<T> c30, Vector512<T> c31, Vector512<T> c40, Vector512<T> c41, Vector512<T> c50, Vector512<T> c51,
        Vector512<T> c60, Vector512<T> c61, Vector512<T> c70, Vector512<T> c71)
    {
        int w = Vector512<T>.Count;
        Vector512<T> va = Vector512.Create(alpha);
        if (betaIsZero)
        {
            StoreRow(c, w, va, c00, c01);
            StoreRow(c + ldc, w, va, c10, c11);
            StoreRow(c + 2 * ldc, w, va, c20, c21);
            StoreRow(c + 3 * ldc, w, va, c30, c31);
            StoreRow(c + 4 * ldc, w, va, c40, c41);
            StoreRow(c + 5 * ldc, w, va, c50, c51);
            StoreRow(c + 6 * ldc, w, va, c60, c61);
            StoreRow(c + 7 * ldc, w, va, c70, c71);
        }
        else
        {
            Vector512<T> vb = Vector512.Create(beta);
            UpdateRow(c, w, va, vb, c00, c01);
            UpdateRow(c + ldc, w, va, vb, c10, c11);
            UpdateRow(c + 2 * ldc, w, va, vb, c20, c21);
            UpdateRow(c + 3 * ldc, w, va, vb, c30, c31);
            UpdateRow(c + 4 * ldc, w, va, vb, c40, c41);
            UpdateRow(c + 5 * ldc, w, va, vb, c50, c51);
            UpdateRow(c + 6 * ldc, w, va, vb, c60, c61);
            UpdateRow(c + 7 * ldc, w, va, vb, c70, c71);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreRow(T* c, int w, Vector512<T> alpha, Vector512<T> x0, Vector512<T> x1)
    {
        Vector512.Store(alpha * x0, c);
        Vector512.Store(alpha * x1, c + w);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void UpdateRow(T* c, int w, Vector512<T> alpha, Vector512<T> beta, Vector512<T> x0, Vector512<T> x1)
    {
        Vector512.Store(Fma(beta, Vector512.Load(c), alpha * x0), c);
        Vector512.Store(Fma(beta, Vector512.Load(c + w), alpha * x1), c + w);
    }

    /// <summary>x * y + acc in one rounding; typeof checks fold away when the JIT specialises T.</summary>
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
