namespace AutoDiffGen.Tests.Tensors;

/// <summary>ToString prints as PyTorch 2.x does with default print options (expected strings are PyTorch's own output).</summary>
public class FormatTests
{
    [Fact]
    public void MatrixThatRequiresGrad()
        => Assert.Equal("tensor([[1., 2.],\n        [3., 4.]], requires_grad=True)",
            Tensor.FromArray(new float[] { 1, 2, 3, 4 }, 2, 2).RequiresGrad_().ToString());

    [Fact]
    public void Float64ShowsItsDType()
        => Assert.Equal("tensor([1.5000, 2.2500], dtype=torch.float64)", Tensor.FromArray(new[] { 1.5, 2.25 }).ToString());

    [Fact]
    public void NonLeafShowsGradFn()
    {
        var x = Tensor.FromArray(new float[] { 1, 2 }).RequiresGrad_();
        Assert.Equal("tensor([2., 4.], grad_fn=<MulBackward>)", (x * 2).ToString());
    }

    [Fact]
    public void ReductionsShowTheirOwnNode()
    {
        var x = Tensor.FromArray(new float[] { 1, 3 }).RequiresGrad_();
        Assert.Equal("tensor(2., grad_fn=<MeanBackward>)", x.Mean().ToString());
        Assert.Equal("tensor(2., grad_fn=<VarBackward>)", x.Var().ToString());
    }

    [Fact] public void IntegersHaveNoDot() => Assert.Equal("tensor([ 1, -2, 30])", Tensor.FromArray(new long[] { 1, -2, 30 }).ToString());
    [Fact] public void BoolsPrintAsPython() => Assert.Equal("tensor([ True, False])", Tensor.FromArray(new[] { true, false }).ToString());
    [Fact] public void ScalarInteger() => Assert.Equal("tensor(3.)", Tensor.Scalar(3f).ToString());
    [Fact] public void ScalarFraction() => Assert.Equal("tensor(0.5000)", Tensor.Scalar(0.5f).ToString());
    [Fact] public void Float32FractionsRoundToFourDigits() => Assert.Equal("tensor([0.1000, 0.3333])", Tensor.FromArray(new[] { 0.1f, 1f / 3 }).ToString());
    [Fact] public void PaddedToCommonWidth() => Assert.Equal("tensor([  1., -10., 100.])", Tensor.FromArray(new float[] { 1, -10, 100 }).ToString());
    [Fact] public void PaddedFractions() => Assert.Equal("tensor([  0.5000, -12.2500])", Tensor.FromArray(new[] { 0.5f, -12.25f }).ToString());
    [Fact] public void ScientificForTinyValues() => Assert.Equal("tensor([1.0000e-05, 1.0000e+00])", Tensor.FromArray(new[] { 1e-5f, 1f }).ToString());
    [Fact] public void ScientificForWideRange() => Assert.Equal("tensor([1.0000e+00, 1.0000e+04])", Tensor.FromArray(new[] { 1f, 1e4f }).ToString());
    [Fact] public void NonFiniteValues() => Assert.Equal("tensor([1., nan, inf, -inf])", Tensor.FromArray(new[] { 1f, float.NaN, float.PositiveInfinity, float.NegativeInfinity }).ToString());
    [Fact] public void AllZeros() => Assert.Equal("tensor([0., 0.])", Tensor.Zeros(2).ToString());
    [Fact] public void Empty1D() => Assert.Equal("tensor([])", Tensor.Zeros(0).ToString());
    [Fact] public void Empty2DShowsSize() => Assert.Equal("tensor([], size=(2, 0))", Tensor.Zeros(2, 0).ToString());
    [Fact] public void EmptyIntShowsDType() => Assert.Equal("tensor([], dtype=torch.int64)", Tensor.FromArray(Array.Empty<long>()).ToString());

    [Fact]
    public void ThreeDimensionsSeparateBlocksWithBlankLines()
        => Assert.Equal("tensor([[[0, 1],\n         [2, 3]],\n\n        [[4, 5],\n         [6, 7]]])", Tensor.Arange(8, DType.Int64).Reshape(2, 2, 2).ToString());

    [Fact]
    public void LongRowsWrapAtEightyColumns()
        => Assert.Equal(
            "tensor([ 0.,  1.,  2.,  3.,  4.,  5.,  6.,  7.,  8.,  9., 10., 11., 12., 13.,\n" +
            "        14., 15., 16., 17., 18., 19., 20., 21., 22., 23., 24., 25., 26., 27.,\n" +
            "        28., 29.])",
            Tensor.Arange(30, DType.Float32).ToString());

    [Fact]
    public void SuffixesWrapWhenTheLineIsFull()
        => Assert.Equal(
            "tensor([ 0.,  1.,  2.,  3.,  4.,  5.,  6.,  7.,  8.,  9., 10., 11., 12., 13.],\n" +
            "       dtype=torch.float64, requires_grad=True)",
            Tensor.Arange(14, DType.Float64).RequiresGrad_().ToString());

    [Fact]
    public void LargeVectorIsSummarised()
        => Assert.Equal(
            "tensor([0.0000e+00, 1.0000e+00, 2.0000e+00,  ..., 1.9970e+03, 1.9980e+03,\n" +
            "        1.9990e+03])",
            Tensor.Arange(2000, DType.Float32).ToString());

    [Fact]
    public void LargeIntVectorIsSummarised()
        => Assert.Equal("tensor([   0,    1,    2,  ..., 1997, 1998, 1999])", Tensor.Arange(2000, DType.Int64).ToString());

    [Fact]
    public void LargeMatrixIsSummarisedInBothDimensions()
        => Assert.Equal(
            "tensor([[   0,    1,    2,  ...,   47,   48,   49],\n" +
            "        [  50,   51,   52,  ...,   97,   98,   99],\n" +
            "        [ 100,  101,  102,  ...,  147,  148,  149],\n" +
            "        ...,\n" +
            "        [1850, 1851, 1852,  ..., 1897, 1898, 1899],\n" +
            "        [1900, 1901, 1902,  ..., 1947, 1948, 1949],\n" +
            "        [1950, 1951, 1952,  ..., 1997, 1998, 1999]])",
            Tensor.Arange(2000, DType.Int64).Reshape(40, 50).ToString());

    [Fact]
    public void ExactlyAThousandElementsIsNotSummarised()
        => Assert.DoesNotContain("...", Tensor.Arange(1000, DType.Int64).ToString());

    [Fact]
    public void TransposedViewPrintsLogicalOrder()
        => Assert.Equal("tensor([[1, 3],\n        [2, 4]])", Tensor.FromArray(new long[] { 1, 2, 3, 4 }, 2, 2).T.ToString());
}
