using AutoDiffGen.Data;

namespace AutoDiffGen.Tests.Data;

public class RandomSplitTests
{
    private static readonly TensorDataset Numbers = new(Tensor.Arange(10, DType.Int64));

    [Fact]
    public void SplitsIntoDisjointSubsetsCoveringTheDataset()
    {
        var parts = Dataset.RandomSplit(Numbers, [6, 4], new Generator(1));

        Assert.Equal([6, 4], parts.Select(p => p.Count));
        var values = parts.SelectMany(p => Enumerable.Range(0, p.Count).Select(i => p[i][0].Item<long>())).ToArray();
        Assert.Equal(Enumerable.Range(0, 10).Select(i => (long)i), values.Order());
        Assert.NotEqual(Enumerable.Range(0, 10).Select(i => (long)i), values);
    }

    [Fact]
    public void SameSeedGivesSameSplitAndOtherSeedAnother()
    {
        int[] Indices(long seed) => Dataset.RandomSplit(Numbers, [5, 5], new Generator(seed))[0].Indices.ToArray();

        Assert.Equal(Indices(7), Indices(7));
        Assert.NotEqual(Indices(7), Indices(8));
    }

    [Fact]
    public void FractionsUseFloorThenDealTheRemainderInOrder()
    {
        // floor(10 * 0.33) = 3 three times leaves 1 sample, which goes to the first subset.
        var parts = Dataset.RandomSplit(Numbers, [0.33, 0.33, 0.34], new Generator(0));
        Assert.Equal([4, 3, 3], parts.Select(p => p.Count));

        // floor gives 2 + 2 + 2 = 6 of 7: remainder 1 goes to subset 0; with 8 samples, 2 go to subsets 0 and 1.
        var seven = new TensorDataset(Tensor.Zeros(7));
        Assert.Equal([3, 2, 2], Dataset.RandomSplit(seven, [1 / 3.0, 1 / 3.0, 1 / 3.0]).Select(p => p.Count));
        var eight = new TensorDataset(Tensor.Zeros(8));
        Assert.Equal([3, 3, 2], Dataset.RandomSplit(eight, [1 / 3.0, 1 / 3.0, 1 / 3.0]).Select(p => p.Count));
    }

    [Fact]
    public void RejectsLengthsOrFractionsThatDoNotAddUp()
    {
        Assert.Contains("add up to 9, but the dataset has 10", Assert.Throws<ArgumentException>(() => Dataset.RandomSplit(Numbers, [5, 4])).Message);
        Assert.Throws<ArgumentException>(() => Dataset.RandomSplit(Numbers, [11, -1]));
        Assert.Contains("must add up to 1", Assert.Throws<ArgumentException>(() => Dataset.RandomSplit(Numbers, [0.5, 0.4])).Message);
        Assert.Throws<ArgumentException>(() => Dataset.RandomSplit(Numbers, [1.5, -0.5]));
    }
}
