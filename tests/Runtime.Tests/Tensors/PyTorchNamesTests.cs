using static AutoDiffGen.Tests.Ops.OpAssert;

namespace AutoDiffGen.Tests.Tensors;

/// <summary>The names a PyTorch user guesses first: conversions, Square, Swapaxes, Repeat, RepeatInterleave, Empty, threads.</summary>
public class PyTorchNamesTests
{
    [Fact]
    public void DTypeShorthandsConvert()
    {
        var x = Tensor.FromArray(new float[] { -1.5f, 0, 2.7f });
        Assert.Equal(DType.Float64, x.Double().DType);
        Assert.Same(x, x.Float());
        Assert.Equal(new long[] { -1, 0, 2 }, x.Long().ToArray<long>());
        Assert.Equal(new[] { true, false, true }, x.Bool().ToArray<bool>());
        Assert.Equal(new float[] { 1, 0, 1 }, x.Bool().Float().ToArray<float>());

        // float32 ↔ float64 stays differentiable.
        var w = Tensor.FromArray(new float[] { 1, 2 }).RequiresGrad_();
        (w.Double() * 3.0).Sum().Backward();
        Assert.Equal(new float[] { 3, 3 }, w.Grad!.ToArray<float>());
    }

    [Fact]
    public void SquareIsDifferentiableTwice()
    {
        Close(new double[] { 4, 0.25, 9 }, Values(Tensor.FromArray(new double[] { -2, 0.5, 3 }).Square()));
        Grad(x => Tensor.Square(x[0]), Uniform([2, 3], 1));
        SecondGrad(x => x.Square() * x, Uniform([4], 2));
    }

    [Fact]
    public void SwapaxesAndSwapDimsAreTranspose()
    {
        var x = Tensor.Randn(new Shape(2, 3, 4), DType.Float64, new Generator(3));
        Assert.Equal(new Shape(4, 3, 2), x.Swapaxes(0, 2).Shape);
        Assert.Equal(x.Transpose(1, -1).ToArray<double>(), x.SwapDims(1, -1).Contiguous().ToArray<double>());
        Assert.Same(x.Storage, x.Swapaxes(0, 1).Storage);
    }

    [Fact]
    public void RepeatTilesAsPyTorchDoes()
    {
        var x = Tensor.FromArray(new double[] { 1, 2, 3, 4 }, 2, 2);
        Assert.Equal(new double[] { 1, 2, 1, 2, 1, 2 }, Tensor.FromArray(new double[] { 1, 2 }).Repeat(3).ToArray<double>());
        var tiled = x.Repeat(2, 3);
        Assert.Equal(new Shape(4, 6), tiled.Shape);
        Assert.Equal(new double[] { 1, 2, 1, 2, 1, 2, 3, 4, 3, 4, 3, 4, 1, 2, 1, 2, 1, 2, 3, 4, 3, 4, 3, 4 }, tiled.ToArray<double>());
        Assert.Equal(new Shape(2, 2, 2), x.Repeat(2, 1, 1).Shape);
        Assert.NotSame(x.Storage, x.Repeat(1, 1).Storage);
        Throws<ArgumentException>(() => x.Repeat(2), "Repeat", "[2, 2]", "can not be smaller");
        Grad(t => t[0].Repeat(2, 1, 3), Uniform([2, 3], 4));
    }

    [Fact]
    public void RepeatInterleaveRepeatsEachElementInARow()
    {
        var x = Tensor.FromArray(new double[] { 1, 2, 3, 4 }, 2, 2);
        Assert.Equal(new double[] { 1, 1, 2, 2, 3, 3, 4, 4 }, x.RepeatInterleave(2).ToArray<double>());
        Assert.Equal(new double[] { 1, 2, 1, 2, 3, 4, 3, 4 }, x.RepeatInterleave(2, dim: 0).ToArray<double>());
        Assert.Equal(new Shape(2, 6), x.RepeatInterleave(3, dim: 1).Shape);
        var counts = Tensor.FromArray(new long[] { 1, 2 });
        Assert.Equal(new double[] { 1, 2, 3, 4, 3, 4 }, x.RepeatInterleave(counts, dim: 0).ToArray<double>());
        Throws<ArgumentException>(() => x.RepeatInterleave(Tensor.FromArray(new long[] { 1, 2, 3 }), dim: 1), "RepeatInterleave", "(3)", "(2)");
        Grad(t => t[0].RepeatInterleave(3, dim: 1), Uniform([2, 3], 5));
        Grad(t => t[0].RepeatInterleave(Tensor.FromArray(new long[] { 0, 2, 1 }), dim: 1), Uniform([2, 3], 6));
    }

    [Fact]
    public void StaticIndexSelectMatchesTheMethod()
    {
        var x = Tensor.Randn(new Shape(3, 4), DType.Float64, new Generator(7));
        var index = Tensor.FromArray(new long[] { 2, 0, 2 });
        Assert.Equal(x.IndexSelect(1, index).ToArray<double>(), Tensor.IndexSelect(x, 1, index).ToArray<double>());
        Grad(t => Tensor.IndexSelect(t[0], 0, index), Uniform([3, 2], 8));
    }

    [Fact]
    public void EmptyGivesAnUninitialisedTensorOfTheShape()
    {
        var e = Tensor.Empty(2, 3);
        Assert.Equal(new Shape(2, 3), e.Shape);
        Assert.Equal(DType.Float32, e.DType);
        Assert.Equal(DType.Int64, Tensor.Empty(new Shape(4), DType.Int64).DType);
        Assert.True(e.IsContiguous);
    }

    [Fact]
    public void TheThreadCountIsPublic()
    {
        var before = Tensor.GetNumThreads();
        try
        {
            Tensor.SetNumThreads(1);
            Assert.Equal(1, Tensor.GetNumThreads());
            var a = Tensor.Randn(new Shape(64, 64), DType.Float64, new Generator(9));
            var single = Tensor.MatMul(a, a).ToArray<double>();
            Tensor.SetNumThreads(Environment.ProcessorCount);
            Assert.Equal(Environment.ProcessorCount, Tensor.GetNumThreads());
            Close(single, Tensor.MatMul(a, a).ToArray<double>(), 1e-12);
            Assert.Throws<ArgumentOutOfRangeException>(() => Tensor.SetNumThreads(0));
        }
        finally
        {
            Tensor.SetNumThreads(before);
        }
    }

    [Fact]
    public void ComparisonsAreMethodsNotOperators()
    {
        var a = Tensor.FromArray(new double[] { 1, 2, 3 });
        var b = Tensor.FromArray(new double[] { 1, 5, 3 });
        Assert.Equal(new[] { true, false, true }, a.Eq(b).ToArray<bool>());
        Assert.Equal(new[] { false, true, false }, a.Ne(b).ToArray<bool>());
        Assert.Equal(new[] { false, true, false }, a.Lt(b).ToArray<bool>());
        Assert.Equal(new[] { true, true, true }, a.Le(b).ToArray<bool>());
        Assert.Equal(new[] { false, false, false }, a.Gt(b).ToArray<bool>());
        Assert.Equal(new[] { true, false, true }, a.Ge(b).ToArray<bool>());
    }
}
