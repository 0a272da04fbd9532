using AutoDiffGen.Data;

namespace AutoDiffGen.Tests.Data;

public class DataLoaderTests
{
    // Sample i is (row [i, -i], label i), so every batch says which samples it holds.
    private static TensorDataset Dataset(int n) => new(
        Tensor.FromArray(Enumerable.Range(0, n).SelectMany(i => new float[] { i, -i }).ToArray(), n, 2),
        Tensor.Arange(n, DType.Int64));

    private static long[][] Labels(IEnumerable<Tensor[]> loader) => loader.Select(b => b[1].ToArray<long>()).ToArray();

    [Theory]
    [InlineData(10, 3, false, 4)]
    [InlineData(10, 3, true, 3)]
    [InlineData(9, 3, true, 3)]
    [InlineData(2, 5, true, 0)]
    [InlineData(0, 5, false, 0)]
    public void CountAndLastBatchFollowDropLast(int n, int batchSize, bool dropLast, int expectedBatches)
    {
        var loader = new DataLoader(Dataset(n), batchSize, dropLast: dropLast);
        var batches = Labels(loader);

        Assert.Equal(expectedBatches, loader.Count);
        Assert.Equal(expectedBatches, batches.Length);
        var expected = Enumerable.Range(0, n).Take(dropLast ? expectedBatches * batchSize : n).Select(i => (long)i);
        Assert.Equal(expected, batches.SelectMany(b => b));
        Assert.All(batches.SkipLast(1), b => Assert.Equal(batchSize, b.Length));
    }

    [Fact]
    public void BatchesHaveTheBatchDimensionFirstAndMatchingRows()
    {
        var loader = new DataLoader(Dataset(5), batchSize: 2);
        var first = loader.First();

        Assert.Equal(new Shape(2, 2), first[0].Shape);
        Assert.Equal(new float[] { 0, 0, 1, -1 }, first[0].ToArray<float>());
        Assert.Equal(new Shape(2), first[1].Shape);
    }

    [Fact]
    public void ShuffleVisitsEverySampleOncePerEpochInANewOrder()
    {
        var loader = new DataLoader(Dataset(50), batchSize: 8, shuffle: true, generator: new Generator(3));
        var epoch1 = Labels(loader).SelectMany(b => b).ToArray();
        var epoch2 = Labels(loader).SelectMany(b => b).ToArray();

        Assert.Equal(Enumerable.Range(0, 50).Select(i => (long)i), epoch1.Order());
        Assert.Equal(Enumerable.Range(0, 50).Select(i => (long)i), epoch2.Order());
        Assert.NotEqual(epoch1, epoch2);
        Assert.NotEqual(Enumerable.Range(0, 50).Select(i => (long)i), epoch1);
    }

    [Fact]
    public void SameSeedGivesTheSameEpochs()
    {
        long[] Run(long seed)
        {
            var loader = new DataLoader(Dataset(40), batchSize: 7, shuffle: true, generator: new Generator(seed));
            return Labels(loader).Concat(Labels(loader)).SelectMany(b => b).ToArray();
        }

        Assert.Equal(Run(11), Run(11));
        Assert.NotEqual(Run(11), Run(12));
    }

    [Fact]
    public void PrefetchingGivesTheSameBatchesAsSequentialLoading()
    {
        var with = new DataLoader(Dataset(30), batchSize: 4, shuffle: true, generator: new Generator(5), prefetch: true);
        var without = new DataLoader(Dataset(30), batchSize: 4, shuffle: true, generator: new Generator(5), prefetch: false);

        for (var epoch = 0; epoch < 3; epoch++)
        {
            var a = with.Select(b => b[0].ToArray<float>()).ToArray();
            var b = without.Select(b => b[0].ToArray<float>()).ToArray();
            Assert.Equal(b, a);
        }
    }

    [Fact]
    public void PrefetchPreparesTheNextBatchWhileTheCallerWorks()
    {
        using var secondBatchStarted = new ManualResetEventSlim();
        var calls = 0;
        var loader = new DataLoader(Dataset(6), batchSize: 2, collate: samples =>
        {
            if (Interlocked.Increment(ref calls) == 2)
            {
                secondBatchStarted.Set();
            }

            return Collate.Stack(samples);
        });

        using var e = loader.GetEnumerator();
        Assert.True(e.MoveNext());

        // The caller has not asked for batch 2 yet, yet it is being built.
        Assert.True(secondBatchStarted.Wait(TimeSpan.FromSeconds(10)));
        Assert.True(e.MoveNext());
        Assert.Equal(new long[] { 2, 3 }, e.Current[1].ToArray<long>());
    }

    [Fact]
    public void ExceptionWhileLoadingSurfacesOnTheCallerThreadAfterTheEarlierBatches()
    {
        var dataset = Dataset(10);
        var loader = new DataLoader(dataset, batchSize: 3, collate: samples =>
        {
            if (samples[0][1].Item<long>() == 6)
            {
                throw new InvalidDataException("sample 6 is corrupt");
            }

            return Collate.Stack(samples);
        });

        var seen = new List<long>();
        var callerThread = Environment.CurrentManagedThreadId;
        var error = Assert.Throws<InvalidDataException>(() =>
        {
            foreach (var batch in loader)
            {
                Assert.Equal(callerThread, Environment.CurrentManagedThreadId);
                seen.AddRange(batch[1].ToArray<long>());
            }
        });

        Assert.Equal("sample 6 is corrupt", error.Message);
        Assert.Equal(new long[] { 0, 1, 2, 3, 4, 5 }, seen);
    }

    [Fact]
    public void BreakingEarlyStopsLoading()
    {
        var calls = 0;
        var loader = new DataLoader(Dataset(100), batchSize: 10, collate: samples =>
        {
            Interlocked.Increment(ref calls);
            return Collate.Stack(samples);
        });

        foreach (var _ in loader)
        {
            break;
        }

        // The batch taken plus at most the one prefetched; disposal waits for it, so the count is final.
        var after = Volatile.Read(ref calls);
        Assert.InRange(after, 1, 2);
        Thread.Sleep(50);
        Assert.Equal(after, Volatile.Read(ref calls));
    }

    [Fact]
    public void SubsetOfATensorDatasetGathersTheSubsetRows()
    {
        var parts = AutoDiffGen.Data.Dataset.RandomSplit(Dataset(20), [12, 8], new Generator(2));
        var nested = new Subset<Tensor[]>(parts[1], [7, 0, 3]);

        var labels = Labels(new DataLoader(nested, batchSize: 2)).SelectMany(b => b);

        Assert.Equal(new[] { 7, 0, 3 }.Select(i => (long)parts[1].Indices[i]), labels);
    }

    [Fact]
    public void GenericLoaderUsesTheGivenCollate()
    {
        var squares = new FunctionDataset(5, i => Tensor.Scalar((double)(i * i)));
        var loader = new DataLoader<Tensor, Tensor>(squares, Collate.Stack, batchSize: 2);

        var batches = loader.Select(b => b.ToArray<double>()).ToArray();

        Assert.Equal(3, loader.Count);
        Assert.Equal(new[] { new double[] { 0, 1 }, [4, 9], [16] }, batches);
    }

    [Fact]
    public void RejectsNonPositiveBatchSize()
    {
        Assert.Contains("batchSize must be positive", Assert.Throws<ArgumentOutOfRangeException>(() => new DataLoader(Dataset(3), batchSize: 0)).Message);
    }

    private sealed class FunctionDataset(int count, Func<int, Tensor> item) : Dataset<Tensor>
    {
        public override int Count => count;

        public override Tensor this[int index] => item(index);
    }
}
