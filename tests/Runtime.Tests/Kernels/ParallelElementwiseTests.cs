using AutoDiffGen.Kernels;

namespace AutoDiffGen.Tests.Kernels;

/// <summary>Tensors big enough to be split across cores must give exactly the single-threaded answer.</summary>
public class ParallelElementwiseTests
{
    private const int Large = (1 << 19) + 37;

    [Fact]
    public void LargeBinaryAndScalarOpsMatchElementwiseFormula()
    {
        var x = Tensor.Arange(Large, DType.Float64);
        var y = Tensor.Arange(Large, DType.Float64) * 0.5;
        var sum = (x + y).ToArray<double>();
        var scaled = (2.0 * x).ToArray<double>();
        var shifted = (x - 1.0).ToArray<double>();
        for (var i = 0; i < Large; i += 997)
        {
            Assert.Equal(1.5 * i, sum[i]);
            Assert.Equal(2.0 * i, scaled[i]);
            Assert.Equal(i - 1.0, shifted[i]);
        }

        Assert.Equal(1.5 * (Large - 1), sum[^1]);
    }

    [Fact]
    public void LargeUnaryOpMatchesSingleThreadedKernel()
    {
        var x = Tensor.Linspace(-3, 3, Large, DType.Float64);
        var values = x.ToArray<double>();
        var expected = new double[Large];
        System.Numerics.Tensors.TensorPrimitives.Tanh<double>(values, expected);
        Assert.Equal(expected, Tensor.Tanh(x).ToArray<double>());
    }

    [Theory]
    [InlineData(2, 2, 1)]
    [InlineData(4, 2, 1)]
    [InlineData(7, 2, 1)]
    [InlineData(16, 2, 1)]
    [InlineData(1000, 2, 64)]
    [InlineData(Large, 2, 64)]
    [InlineData(Large, 3, 64)]
    public void SlicesCoverTheRangeOnceAndGiveEveryPartWork(int length, int parts, int grain)
    {
        // A full sum of 2^18 elements has four 2^16-element blocks: with 64-element slice boundaries all four fell in
        // the first slice, and the second thread, already claimed, had nothing to do.
        var covered = 0;
        for (var part = 0; part < parts; part++)
        {
            var (start, end) = Parallelism.Slice(length, parts, part, grain);
            Assert.Equal(covered, start);
            Assert.True(end > start, $"part {part} of {parts} over {length} (grain {grain}) is empty");
            Assert.True(part == parts - 1 || start % grain == 0 && end % grain == 0, "boundary off the grain");
            covered = end;
        }

        Assert.Equal(length, covered);
    }

    [Fact]
    public void MidSizedSumSplitAcrossThreadsMatchesOneThread()
    {
        var saved = Parallelism.MaxThreads;
        var values = Tensor.Linspace(-1, 3, (1 << 18) + 5, DType.Float32).ToArray<float>();
        try
        {
            Parallelism.MaxThreads = 1;
            var one = Reductions.SumAll<float>(values);
            Parallelism.MaxThreads = 2;
            Assert.Equal(one, Reductions.SumAll<float>(values));
            var exact = values.Select(v => (double)v).Sum();
            Assert.Equal(exact, one, exact * 1e-5); // float32 accumulation over 2^18 terms
        }
        finally
        {
            Parallelism.MaxThreads = saved;
        }
    }

    [Fact]
    public void SplittingAcrossThreadsAllocatesNothingMore()
    {
        var saved = Parallelism.MaxThreads;
        var x = Tensor.Linspace(-1, 1, Large, DType.Float32);
        var y = Tensor.Linspace(2, 3, Large, DType.Float32);
        long Allocated(int threads)
        {
            Parallelism.MaxThreads = threads;
            void Ops()
            {
                using var scope = TensorScope.Begin();
                _ = x + y;
                _ = x * 2.0;
                _ = 2.0 - x;
                _ = Tensor.Exp(x);
                _ = Tensor.Pow(x, 3.0);
            }

            Ops(); // pooled buffers and reusable jobs on the first call
            var before = GC.GetAllocatedBytesForCurrentThread();
            Ops();
            return GC.GetAllocatedBytesForCurrentThread() - before;
        }

        try
        {
            // The split hands each slice to a struct body, not a closure: no bytes beyond the one-thread path.
            Assert.Equal(Allocated(1), Allocated(2));
        }
        finally
        {
            Parallelism.MaxThreads = saved;
        }
    }
}
