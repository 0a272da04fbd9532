using AutoDiffGen.Data;

namespace AutoDiffGen.Tests.Data;

public class DistributedSamplerTests
{
    [Theory]
    [InlineData(10, 3, false)]
    [InlineData(10, 3, true)]
    [InlineData(12, 4, false)]
    [InlineData(2, 3, false)]
    public void ShardsAreEqualAndTogetherCoverTheEpoch(int count, int replicas, bool dropLast)
    {
        var shards = Enumerable.Range(0, replicas)
            .Select(r => new DistributedSampler(count, replicas, r, shuffle: true, seed: 7, dropLast: dropLast))
            .Select(s => { s.SetEpoch(3); return s.Indices(); })
            .ToArray();

        var perRank = dropLast ? count / replicas : (count + replicas - 1) / replicas;
        Assert.All(shards, s => Assert.Equal(perRank, s.Length));
        var all = shards.SelectMany(s => s).ToArray();
        if (dropLast)
        {
            Assert.Equal(all.Length, all.Distinct().Count());
        }
        else
        {
            // Padding repeats only as many samples as needed, and every sample appears.
            Assert.Equal(Enumerable.Range(0, count), all.Distinct().Order());
            Assert.Equal(perRank * replicas - count, all.Length - all.Distinct().Count());
        }
    }

    [Fact]
    public void InterleavedShardsMakeUpTheSingleProcessBatches()
    {
        // Step k's per-rank batches of B, together, are the k-th batch of 2B of the same order in one process.
        const int b = 4;
        var order = new Generator(11 + 2).Permutation(40);
        var rank0 = new DistributedSampler(40, 2, 0, seed: 11);
        var rank1 = new DistributedSampler(40, 2, 1, seed: 11);
        rank0.SetEpoch(2);
        rank1.SetEpoch(2);
        var (i0, i1) = (rank0.Indices(), rank1.Indices());

        for (var step = 0; step < 5; step++)
        {
            var together = i0.Skip(step * b).Take(b).Concat(i1.Skip(step * b).Take(b)).Order();
            Assert.Equal(order.Skip(step * 2 * b).Take(2 * b).Order(), together);
        }
    }

    [Fact]
    public void EpochChangesTheOrderAndTheSeedIsShared()
    {
        var a = new DistributedSampler(100, 2, 0, seed: 1);
        var b = new DistributedSampler(100, 2, 0, seed: 1);
        var first = a.Indices();
        a.SetEpoch(1);

        Assert.Equal(first, b.Indices());
        Assert.NotEqual(first, a.Indices());
        Assert.Equal(Enumerable.Range(0, 50).Select(i => 2 * i), new DistributedSampler(100, 2, 0, shuffle: false).Indices());
    }

    [Fact]
    public void BadArgumentsAreNamed()
    {
        Assert.Contains("rank 2", Assert.Throws<ArgumentOutOfRangeException>(() => new DistributedSampler(10, 2, 2)).Message, StringComparison.Ordinal);
        var sampler = new DistributedSampler(10, 2, 0);
        var dataset = new TensorDataset(Tensor.Zeros(5, 1));
        Assert.Contains("10 samples", Assert.Throws<ArgumentException>(() => sampler.Shard(dataset)).Message, StringComparison.Ordinal);
    }
}
