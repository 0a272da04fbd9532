using AutoDiffGen.Nn;

namespace AutoDiffGen.Tests.Nn.Sequence;

/// <summary>Embedding lookups, padding rows, pretrained tables, one-hot encoding and their errors.</summary>
public class EmbeddingTests
{
    [Fact]
    public void Lookup_GivesTheRows_InTheInputsShapePlusTheEmbeddingDim()
    {
        var table = Tensor.FromArray([0.0, 1, 10, 11, 20, 21], 3, 2);
        var embedding = Embedding.FromPretrained(table);
        var output = embedding.Call(Tensor.FromArray([2L, 0, 1, 2], 2, 2));
        Assert.Equal(new Shape(2, 2, 2), output.Shape);
        Assert.Equal([20.0, 21, 0, 1, 10, 11, 20, 21], output.ToArray<double>());
    }

    [Fact]
    public void Gradient_AddsUpOverRepeats_AndSkipsThePaddingRow()
    {
        var embedding = new Embedding(4, 3, paddingIdx: 1, dtype: DType.Float64, generator: new Generator(1));
        Assert.All(embedding.Weight.Select(0, 1).ToArray<double>(), v => Assert.Equal(0.0, v));
        embedding.Call(Tensor.FromArray([1L, 2, 2, 1, 3])).Sum().Backward();
        Assert.Equal([0.0, 0, 0, 0, 0, 0, 2, 2, 2, 1, 1, 1], embedding.Weight.Grad!.ToArray<double>());
    }

    [Fact]
    public void Gradient_PassesGradCheck()
    {
        // Without padding_idx: a padding row is left out of the gradient on purpose (PyTorch's meaning), so it is no derivative.
        var weight = Tensor.Randn(new Shape(5, 3), DType.Float64, new Generator(2)).RequiresGrad_();
        var indices = Tensor.FromArray([4L, 0, 4, 2], 2, 2);
        GradCheck.Check(t => Functional.Embedding(indices, t[0]), [weight]);
    }

    [Fact]
    public void FromPretrained_CopiesTheTable_AndFreezesItUnlessAskedNotTo()
    {
        var table = Tensor.Ones(3, 2);
        var frozen = Embedding.FromPretrained(table);
        Assert.False(frozen.Weight.RequiresGrad);
        Assert.False(ReferenceEquals(table, frozen.Weight));
        Assert.True(Embedding.FromPretrained(table, freeze: false).Weight.RequiresGrad);
    }

    [Fact]
    public void MaxNorm_RescalesTheRowsLookedUp_InPlace()
    {
        var embedding = Embedding.FromPretrained(Tensor.FromArray([3.0, 4, 0.3, 0.4], 2, 2), maxNorm: 1);
        embedding.Call(Tensor.FromArray([0L]));
        var rows = embedding.Weight.ToArray<double>();
        Assert.Equal(1.0, Math.Sqrt((rows[0] * rows[0]) + (rows[1] * rows[1])), 6);
        Assert.Equal([0.3, 0.4], rows[2..]);
    }

    [Fact]
    public void IndexOutOfRange_NamesTheIndexAndTheTableSize()
    {
        var embedding = new Embedding(10, 4);
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => embedding.Call(Tensor.FromArray([3L, 12])));
        Assert.Contains("index 12", error.Message);
        Assert.Contains("10 rows", error.Message);
        Assert.Contains("-1", Assert.Throws<ArgumentOutOfRangeException>(() => embedding.Call(Tensor.FromArray([-1L]))).Message);
        Assert.Contains("int64", Assert.Throws<ArgumentException>(() => embedding.Call(Tensor.Zeros(2))).Message);
    }

    [Fact]
    public void OneHot_PutsAOneAtEachIndex_InferringTheClassCount()
    {
        var encoded = Functional.OneHot(Tensor.FromArray([2L, 0, 1], 3));
        Assert.Equal(new Shape(3, 3), encoded.Shape);
        Assert.Equal([0L, 0, 1, 1, 0, 0, 0, 1, 0], encoded.ToArray<long>());
        Assert.Equal(new Shape(2, 1, 5), Functional.OneHot(Tensor.FromArray([4L, 1], 2, 1), 5).Shape);
        Assert.Contains("class index 4", Assert.Throws<ArgumentOutOfRangeException>(() => Functional.OneHot(Tensor.FromArray([4L]), 3)).Message);
    }
}
