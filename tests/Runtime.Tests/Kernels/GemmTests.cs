using System.Numerics;
using AutoDiffGen.Kernels;

namespace AutoDiffGen.Tests.Kernels;

/// <summary>
/// Gemm against a naive triple loop accumulated in double. Tolerance: every C element is a k-term dot product plus
/// the alpha and beta terms; computed in any order (with or without FMA) its error is at most gamma(k + 2) times the
/// sum of the absolute values of the terms, gamma(n) = n*u/(1 - n*u) with u the unit round-off of the type under test
/// (Higham, "Accuracy and Stability of Numerical Algorithms", 3.1). Each element is checked against that bound.
/// </summary>
public sealed class GemmTests
{
    private static readonly (int M, int N, int K)[] Shapes =
    [
        (1, 1, 1), (1, 1, 7), (2, 3, 4), (7, 5, 3), (5, 1, 9), (1, 9, 5), (13, 17, 19), (8, 32, 16), (9, 33, 17),
        (16, 16, 64), (31, 37, 41), (64, 64, 64), (97, 101, 103), (128, 10, 128), (128, 128, 10), (3, 300, 70),
        (300, 3, 70), (40, 16, 50), (33, 8, 21), (130, 70, 300), (200, 150, 120),
    ];

    private static readonly (double Alpha, double Beta)[] Scalings = [(1, 0), (1, 1), (-0.5, 0.75), (2.5, 0)];

    public static TheoryData<string, bool, bool> KernelsAndTransposes()
    {
        var data = new TheoryData<string, bool, bool>();
        foreach (GemmKernelKind kind in SupportedKinds())
        {
            foreach (bool transA in new[] { false, true })
            {
                foreach (bool transB in new[] { false, true })
                {
                    data.Add(kind.ToString(), transA, transB);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(KernelsAndTransposes))]
    public void Float32MatchesNaiveProductForManyShapes(string kernel, bool transA, bool transB)
    {
        var kind = Enum.Parse<GemmKernelKind>(kernel);
        foreach (var (m, n, k) in Shapes)
        {
            foreach (var (alpha, beta) in Scalings)
            {
                CheckAgainstNaive<float>(kind, maxThreads: 2, transA, transB, m, n, k, alpha, beta, padding: 0, blocking: null);
            }
        }
    }

    [Theory]
    [MemberData(nameof(KernelsAndTransposes))]
    public void Float64MatchesNaiveProductForManyShapes(string kernel, bool transA, bool transB)
    {
        var kind = Enum.Parse<GemmKernelKind>(kernel);
        foreach (var (m, n, k) in Shapes)
        {
            foreach (var (alpha, beta) in Scalings)
            {
                CheckAgainstNaive<double>(kind, maxThreads: 2, transA, transB, m, n, k, alpha, beta, padding: 0, blocking: null);
            }
        }
    }

    [Theory]
    [MemberData(nameof(KernelsAndTransposes))]
    public void RowStridesLargerThanTheRowsAreHonoured(string kernel, bool transA, bool transB)
    {
        var kind = Enum.Parse<GemmKernelKind>(kernel);
        foreach (var (m, n, k) in new[] { (1, 1, 1), (13, 17, 19), (97, 101, 103), (130, 70, 300) })
        {
            CheckAgainstNaive<float>(kind, maxThreads: 2, transA, transB, m, n, k, 1.5, -0.25, padding: 5, blocking: null);
            CheckAgainstNaive<double>(kind, maxThreads: 1, transA, transB, m, n, k, 1, 1, padding: 3, blocking: null);
        }
    }

    [Theory]
    [MemberData(nameof(KernelsAndTransposes))]
    public void TinyCacheBlocksCrossEveryBlockEdge(string kernel, bool transA, bool transB)
    {
        var kind = Enum.Parse<GemmKernelKind>(kernel);
        // Blocks far smaller than the shapes force several jc, pc and ic iterations, ragged last blocks, and the
        // beta-then-accumulate hand-over between k slices; KC = 5 is deliberately not a multiple of anything.
        var blocking = new GemmBlocking(KC: 5, MC: 24, NC: 64);
        foreach (var (m, n, k) in new[] { (1, 1, 1), (31, 37, 41), (97, 101, 103), (130, 70, 23), (150, 90, 100) })
        {
            CheckAgainstNaive<float>(kind, maxThreads: 2, transA, transB, m, n, k, -0.5, 0.75, padding: 2, blocking);
            CheckAgainstNaive<double>(kind, maxThreads: 2, transA, transB, m, n, k, 1, 0, padding: 0, blocking);
        }
    }

    [Theory]
    [MemberData(nameof(KernelsAndTransposes))]
    public void BothParallelSplitsMatch(string kernel, bool transA, bool transB)
    {
        var kind = Enum.Parse<GemmKernelKind>(kernel);

        // Over the parallel threshold: few rows (threads split the columns, each packing its own panels) and many rows
        // (threads split the rows and share packed B blocks across a barrier, several k slices deep).
        foreach (var (m, n, k) in new[] { (20, 300, 200), (300, 40, 100), (64, 130, 600) })
        {
            CheckAgainstNaive<float>(kind, maxThreads: 2, transA, transB, m, n, k, 1, 0.5, padding: 1, blocking: null);
        }
    }

    [Theory]
    [MemberData(nameof(KernelsAndTransposes))]
    public void ReadingAInPlaceAndPackingItBothMatch(string kernel, bool transA, bool transB)
    {
        var kind = Enum.Parse<GemmKernelKind>(kernel);

        // Up to DirectARows rows a thread reads A where it lies (a ragged last row tile is still packed); one row more
        // and A is packed. Both sides of the boundary, with strides wider than the rows.
        foreach (var m in new[] { GemmDriver<float, GemmMicroKernel512<float>>.DirectARows - 1, GemmDriver<float, GemmMicroKernel512<float>>.DirectARows, GemmDriver<float, GemmMicroKernel512<float>>.DirectARows + 1 })
        {
            CheckAgainstNaive<float>(kind, maxThreads: 1, transA, transB, m, 40, 50, 1, 0.5, padding: 3, blocking: null);
            CheckAgainstNaive<double>(kind, maxThreads: 1, transA, transB, m, 33, 21, -1, 0, padding: 1, blocking: null);
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void MlpShapesMatchOnOneAndTwoThreads(int threads)
    {
        // The MNIST MLP's forward (X * W) and backward (dW = Xᵀ * dY, dX = dY * Wᵀ) products.
        foreach (var (transA, transB, m, n, k) in new[]
        {
            (false, false, 128, 256, 784), (false, false, 128, 128, 256), (false, false, 128, 10, 128),
            (true, false, 784, 256, 128), (false, true, 128, 784, 256), (true, false, 256, 128, 128),
            (false, true, 128, 256, 128), (true, false, 128, 10, 128), (false, true, 128, 128, 10),
        })
        {
            CheckAgainstNaive<float>(Gemm.BestKernel, threads, transA, transB, m, n, k, 1, 0, padding: 0, blocking: null);
        }
    }

    [Fact]
    public void PublicOverloadsComputeTheProduct()
    {
        // op(A) = [[1, 2, 3], [4, 5, 6]] stored transposed; op(B) = [[1, 0], [0, 1], [1, 1]].
        float[] aT = [1, 4, 2, 5, 3, 6];
        float[] b = [1, 0, 0, 1, 1, 1];
        float[] c = [10, 20, 30, 40];
        Gemm.Multiply(true, false, 2, 2, 3, 2f, aT, 2, b, 2, 0.5f, c, 2);

        // 2 * [[4, 5], [10, 11]] + 0.5 * [[10, 20], [30, 40]]
        Assert.Equal(new float[] { 13, 20, 35, 42 }, c);

        double[] ad = [1, 2, 3, 4, 5, 6];
        double[] bT = [1, 0, 1, 0, 1, 1];
        double[] cd = new double[4];
        Gemm.Multiply(false, true, 2, 2, 3, 1d, ad, 3, bT, 3, 0d, cd, 2);
        Assert.Equal(new double[] { 4, 5, 10, 11 }, cd);
    }

    [Fact]
    public void ZeroDepthScalesCByBeta()
    {
        float[] c = [1, 2, 3, 4, 5, 6];
        Gemm.Multiply(false, false, 2, 3, 0, 1f, ReadOnlySpan<float>.Empty, 1, ReadOnlySpan<float>.Empty, 3, 3f, c, 3);
        Assert.Equal(new float[] { 3, 6, 9, 12, 15, 18 }, c);

        Gemm.Multiply(false, false, 2, 3, 0, 1f, ReadOnlySpan<float>.Empty, 1, ReadOnlySpan<float>.Empty, 3, 0f, c, 3);
        Assert.Equal(new float[6], c);
    }

    [Fact]
    public void AlphaZeroIgnoresAAndBButAppliesBeta()
    {
        float[] a = [float.NaN, 1, 2, 3];
        float[] b = [4, float.PositiveInfinity, 6, 7];
        float[] c = [1, 2, 3, 4];
        Gemm.Multiply(false, false, 2, 2, 2, 0f, a, 2, b, 2, -1f, c, 2);
        Assert.Equal(new float[] { -1, -2, -3, -4 }, c);
    }

    [Theory]
    [MemberData(nameof(KernelsAndTransposes))]
    public void BetaZeroOverwritesNaNInC(string kernel, bool transA, bool transB)
    {
        var kind = Enum.Parse<GemmKernelKind>(kernel);
        foreach (var (m, n, k) in new[] { (2, 3, 4), (40, 50, 60) })
        {
            float[] a = Filled(m * k, 1f);
            float[] b = Filled(k * n, 2f);
            float[] c = Filled(m * n, float.NaN);
            Gemm.Multiply(kind, 2, transA, transB, m, n, k, 1f, a, transA ? m : k, b, transB ? k : n, 0f, c, n, waitForWorkers: true);
            Assert.All(c, x => Assert.Equal(2f * k, x));
        }
    }

    [Fact]
    public void SteadyStateCallsAllocateNothing()
    {
        // Packing buffers are per-thread and kept; the parallel job and its delegate are cached per calling thread.
        foreach (var (m, n, k) in new[] { (128, 256, 784), (8, 8, 8), (64, 64, 64) })
        {
            var a = new float[m * k];
            var b = new float[k * n];
            var c = new float[m * n];
            Gemm.Multiply(true, false, m, n, k, 1f, a, m, b, n, 0f, c, n);
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 10; i++)
            {
                Gemm.Multiply(true, false, m, n, k, 1f, a, m, b, n, 0f, c, n);
            }

            Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        }
    }

    [Fact]
    public void EmptyOutputIsANoOp()
    {
        float[] c = [7];
        Gemm.Multiply(false, false, 0, 5, 3, 1f, ReadOnlySpan<float>.Empty, 3, new float[15], 5, 0f, Span<float>.Empty, 5);
        Gemm.Multiply(false, false, 1, 0, 3, 1f, new float[3], 3, ReadOnlySpan<float>.Empty, 1, 0f, c, 1);
        Assert.Equal(7f, c[0]);
    }

    [Fact]
    public void BadStridesAndShortSpansThrowNamingTheOperand()
    {
        var a = new float[6];
        var b = new float[6];
        var c = new float[4];
        var tooSmallLda = Assert.Throws<ArgumentException>(() => Gemm.Multiply(false, false, 2, 2, 3, 1f, a, 2, b, 2, 0f, c, 2));
        Assert.Contains("Gemm.Multiply", tooSmallLda.Message);
        Assert.Contains("A is stored as 2x3", tooSmallLda.Message);

        var shortB = Assert.Throws<ArgumentException>(() => Gemm.Multiply(false, false, 2, 2, 3, 1f, a, 3, new float[5], 2, 0f, c, 2));
        Assert.Contains("B is stored as 3x2", shortB.Message);
        Assert.Contains("needs 6 elements, got 5", shortB.Message);

        var shortC = Assert.Throws<ArgumentException>(() => Gemm.Multiply(false, true, 2, 2, 3, 1f, a, 3, b, 3, 0f, new float[3], 2));
        Assert.Contains("C is stored as 2x2", shortC.Message);

        Assert.Throws<ArgumentOutOfRangeException>(() => Gemm.Multiply(false, false, -1, 2, 3, 1f, a, 3, b, 2, 0f, c, 2));
    }

    private static IEnumerable<GemmKernelKind> SupportedKinds()
    {
        yield return GemmKernelKind.Scalar;
        if (System.Runtime.Intrinsics.Vector256.IsHardwareAccelerated)
        {
            yield return GemmKernelKind.Vector256;
        }

        if (Gemm.BestKernel == GemmKernelKind.Vector512)
        {
            yield return GemmKernelKind.Vector512;
        }
    }

    private static float[] Filled(int length, float value)
    {
        var data = new float[length];
        Array.Fill(data, value);
        return data;
    }

    private static void CheckAgainstNaive<T>(
        GemmKernelKind kind, int maxThreads, bool transA, bool transB, int m, int n, int k,
        double alpha, double beta, int padding, GemmBlocking? blocking)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var random = new Random(HashCode.Combine(m, n, k, transA, transB, padding));
        int rowsA = transA ? k : m, colsA = transA ? m : k;
        int rowsB = transB ? n : k, colsB = transB ? k : n;
        int lda = colsA + padding, ldb = colsB + padding, ldc = n + padding;
        T[] a = RandomMatrix<T>(random, rowsA, lda);
        T[] b = RandomMatrix<T>(random, rowsB, ldb);
        T[] c = RandomMatrix<T>(random, m, ldc);
        T[] original = (T[])c.Clone();

        Gemm.Multiply(
            kind, maxThreads, transA, transB, m, n, k, T.CreateChecked(alpha), a, lda, b, ldb, T.CreateChecked(beta), c, ldc, blocking, waitForWorkers: true);

        // gamma(n) = n*u / (1 - n*u) bounds n roundings; the k-term sum plus the alpha and beta steps make k + 2. The
        // double reference carries its own gamma(k + 2) error, which matters only when T is double.
        double u = typeof(T) == typeof(float) ? Math.Pow(2, -24) : Math.Pow(2, -53);
        double relative = Gamma(k + 2, u) + Gamma(k + 2, Math.Pow(2, -53));
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double sum = 0, magnitude = 0;
                for (int p = 0; p < k; p++)
                {
                    double x = double.CreateChecked(transA ? a[(p * lda) + i] : a[(i * lda) + p]);
                    double y = double.CreateChecked(transB ? b[(j * ldb) + p] : b[(p * ldb) + j]);
                    sum += x * y;
                    magnitude += Math.Abs(x * y);
                }

                double c0 = double.CreateChecked(original[(i * ldc) + j]);
                double expected = (alpha * sum) + (beta * c0);
                double bound = relative * ((Math.Abs(alpha) * magnitude) + Math.Abs(beta * c0));
                double actual = double.CreateChecked(c[(i * ldc) + j]);
                if (!(Math.Abs(actual - expected) <= bound))
                {
                    Assert.Fail(
                        $"{typeof(T).Name} {kind} transA={transA} transB={transB} m={m} n={n} k={k} alpha={alpha} beta={beta} " +
                        $"pad={padding} threads={maxThreads} blocking={blocking}: C[{i},{j}] = {actual}, expected {expected} ± {bound}");
                }
            }

            // Padding columns of C lie outside the m x n result and must be left untouched.
            for (int j = n; j < ldc; j++)
            {
                Assert.Equal(original[(i * ldc) + j], c[(i * ldc) + j]);
            }
        }
    }

    private static double Gamma(int n, double u) => n * u / (1 - (n * u));

    private static T[] RandomMatrix<T>(Random random, int rows, int ld)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var data = new T[rows * ld];
        for (int i = 0; i < data.Length; i++)
        {
            data[i] = T.CreateChecked((random.NextDouble() * 2) - 1);
        }

        return data;
    }
}
