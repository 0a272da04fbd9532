using static AutoDiffGen.Tests.Ops.OpAssert;

namespace AutoDiffGen.Tests.Ops;

/// <summary>Sum, Mean, Var, Std and LogSumExp: values against loops over the elements, gradients over several dims with and without keepDim.</summary>
public class ReductionTests
{
    // x[i, j, k] = data[i * 12 + j * 4 + k], shape [2, 3, 4].
    private static readonly double[] Data = Enumerable.Range(0, 24).Select(i => Math.Sin(i) * 3 + i * 0.1).ToArray();

    private static Tensor X() => Tensor.FromArray(Data, 2, 3, 4);

    /// <summary>The reference: applies <paramref name="reduce"/> to each group of elements sharing the kept coordinates.</summary>
    private static double[] Reference(int[] axes, Func<double[], double> reduce)
    {
        int[] dims = [2, 3, 4];
        var groups = new SortedDictionary<int, List<double>>();
        for (var i = 0; i < 2; i++)
        {
            for (var j = 0; j < 3; j++)
            {
                for (var k = 0; k < 4; k++)
                {
                    int[] idx = [i, j, k];
                    var key = 0;
                    for (var a = 0; a < 3; a++)
                    {
                        key = key * dims[a] + (axes.Contains(a) ? 0 : idx[a]);
                    }

                    if (!groups.TryGetValue(key, out var list))
                    {
                        groups[key] = list = [];
                    }

                    list.Add(Data[i * 12 + j * 4 + k]);
                }
            }
        }

        return groups.Values.Select(g => reduce([.. g])).ToArray();
    }

    private static double Mean(double[] v) => v.Average();

    private static double Variance(double[] v, bool unbiased) => v.Sum(x => (x - v.Average()) * (x - v.Average())) / (v.Length - (unbiased ? 1 : 0));

    private static double LogSumExp(double[] v) => Math.Log(v.Sum(Math.Exp));

    [Theory]
    [InlineData(new int[] { 0 })]
    [InlineData(new int[] { 1 })]
    [InlineData(new int[] { -1 })]
    [InlineData(new int[] { 0, 2 })]
    [InlineData(new int[] { 2, 0, 1 })]
    public void ValuesOverDims(int[] dims)
    {
        var axes = dims.Select(d => d < 0 ? d + 3 : d).ToArray();
        Close(Reference(axes, v => v.Sum()), X().Sum(dims).ToArray<double>());
        Close(Reference(axes, Mean), X().Mean(dims).ToArray<double>());
        Close(Reference(axes, v => Variance(v, true)), X().Var(dims).ToArray<double>());
        Close(Reference(axes, v => Variance(v, false)), X().Var(dims, unbiased: false).ToArray<double>());
        Close(Reference(axes, v => Math.Sqrt(Variance(v, true))), X().Std(dims).ToArray<double>());
        Close(Reference(axes, LogSumExp), X().LogSumExp(dims).ToArray<double>());
    }

    [Fact]
    public void KeepDimKeepsSizeOneDimensions()
    {
        Assert.Equal(new Shape(2, 1, 4), X().Mean(1, keepDim: true).Shape);
        Assert.Equal(new Shape(1, 3, 1), X().Var([0, 2], keepDim: true).Shape);
        Assert.Equal(new Shape(3), X().Std([0, 2]).Shape);
        Assert.Equal(new Shape(2, 3, 1), X().LogSumExp(-1, keepDim: true).Shape);
        Assert.Equal(new Shape(2, 4), X().LogSumExp(1).Shape);
    }

    [Fact]
    public void WholeTensorReductions()
    {
        Close([Data.Average()], [X().Mean().Item<double>()]);
        Close([Variance(Data, true)], [X().Var().Item<double>()]);
        Close([Variance(Data, false)], [X().Var(unbiased: false).Item<double>()]);
        Close([Math.Sqrt(Variance(Data, true))], [X().Std().Item<double>()]);
        Close([LogSumExp(Data)], [X().LogSumExp().Item<double>()]);
        Assert.Equal(Shape.Scalar, X().Mean().Shape);
    }

    [Fact]
    public void Float32Reductions()
    {
        var x = Tensor.FromArray(Data.Select(v => (float)v).ToArray(), 2, 3, 4);
        Assert.Equal(DType.Float32, x.Mean().DType);
        Close([Data.Average()], [x.Mean().Item<float>()], 1e-6);
        Close([Variance(Data, true)], [x.Var().Item<float>()], 1e-5);
        Close(Reference([1], LogSumExp), x.LogSumExp(1).ToArray<float>().Select(v => (double)v).ToArray(), 1e-6);
    }

    [Fact]
    public void LogSumExpIsStableForLargeAndInfiniteInputs()
    {
        var big = Tensor.FromArray(new[] { 1000.0, 1000.0, 999.0 });
        Close([1000 + Math.Log(2 + Math.Exp(-1))], [big.LogSumExp().Item<double>()]);
        var small = Tensor.FromArray(new[] { -1000.0, -1000.0 });
        Close([-1000 + Math.Log(2)], [small.LogSumExp().Item<double>()]);
        var inf = Tensor.FromArray(new[] { double.PositiveInfinity, 1, double.NegativeInfinity, double.NegativeInfinity }, 2, 2);
        Close([double.PositiveInfinity, double.NegativeInfinity], inf.LogSumExp(1).ToArray<double>());
        Close([double.NegativeInfinity, double.NegativeInfinity], Tensor.Zeros(new Shape(2, 0), DType.Float64).LogSumExp(1).ToArray<double>());
    }

    [Fact]
    public void MeanOfEmptyIsNaNAndVarOfOneElementIsNaN()
    {
        Assert.True(double.IsNaN(Tensor.Zeros(new Shape(0), DType.Float64).Mean().Item<double>()));
        Assert.True(double.IsNaN(Tensor.FromArray(new[] { 3.0 }).Var().Item<double>()));
        Assert.Equal(0.0, Tensor.FromArray(new[] { 3.0 }).Var(unbiased: false).Item<double>());
    }

    [Fact] public void SumGradAll() => Grad(x => x[0].Sum(), Uniform([2, 3, 4], 1));
    [Fact] public void SumGradDims() => Grad(x => x[0].Sum([0, 2]), Uniform([2, 3, 4], 2));
    [Fact] public void SumGradDimsKeepDim() => Grad(x => x[0].Sum([0, 2], keepDim: true), Uniform([2, 3, 4], 3));
    [Fact] public void SumGradNegativeDim() => Grad(x => x[0].Sum(-1), Uniform([2, 3, 4], 4));
    [Fact] public void MeanGradAll() => Grad(x => x[0].Mean(), Uniform([2, 3, 4], 5));
    [Fact] public void MeanGradDims() => Grad(x => x[0].Mean([1, 2]), Uniform([2, 3, 4], 6));
    [Fact] public void MeanGradDimsKeepDim() => Grad(x => x[0].Mean([0, 1], keepDim: true), Uniform([2, 3, 4], 7));
    [Fact] public void VarGradAll() => Grad(x => x[0].Var(), Uniform([2, 3, 4], 8));
    [Fact] public void VarGradBiased() => Grad(x => x[0].Var(unbiased: false), Uniform([2, 3, 4], 9));
    [Fact] public void VarGradDims() => Grad(x => x[0].Var([0, 2]), Uniform([2, 3, 4], 10));
    [Fact] public void VarGradDimsKeepDim() => Grad(x => x[0].Var([1, 2], unbiased: false, keepDim: true), Uniform([2, 3, 4], 11));
    [Fact] public void StdGradAll() => Grad(x => x[0].Std(), Uniform([2, 3, 4], 12));
    [Fact] public void StdGradDims() => Grad(x => x[0].Std([0, 1]), Uniform([2, 3, 4], 13));
    [Fact] public void StdGradDimKeepDim() => Grad(x => x[0].Std(2, keepDim: true), Uniform([2, 3, 4], 14));
    [Fact] public void LogSumExpGradAll() => Grad(x => x[0].LogSumExp(), Uniform([2, 3, 4], 15));
    [Fact] public void LogSumExpGradDims() => Grad(x => x[0].LogSumExp([0, 2]), Uniform([2, 3, 4], 16));
    [Fact] public void LogSumExpGradDimsKeepDim() => Grad(x => x[0].LogSumExp([1, 2], keepDim: true), Uniform([2, 3, 4], 17));
    [Fact] public void LogSumExpGradLargeInputs() => Grad(x => x[0].LogSumExp(1), Uniform([2, 3], 18, 500, 502));
    [Fact] public void LogSumExpSecondDerivative() => SecondGrad(x => x.LogSumExp(1), Uniform([2, 3], 19));
    [Fact] public void VarSecondDerivative() => SecondGrad(x => x.Var([1]), Uniform([2, 3], 22));
    [Fact] public void StdSecondDerivative() => SecondGrad(x => x.Std(), Uniform([2, 3], 23));
    [Fact] public void MeanOfNonContiguousGrad() => Grad(x => x[0].Permute(2, 0, 1).Mean([0, 1]), Uniform([2, 3, 4], 20));

    [Fact]
    public void LogSumExpGradientIsSoftmax()
    {
        var x = Leaf([1, 2, 3], 3);
        x.LogSumExp(0).Backward();
        var z = Math.Exp(1) + Math.Exp(2) + Math.Exp(3);
        Close([Math.Exp(1) / z, Math.Exp(2) / z, Math.Exp(3) / z], x.Grad!.ToArray<double>());
    }

    [Fact]
    public void ZeroDimensionalTensorsReduceToThemselves()
    {
        var x = Tensor.Scalar(2.0).RequiresGrad_();
        Assert.Equal(2.0, x.Mean().Item<double>());
        Assert.Equal(2.0, x.LogSumExp().Item<double>());
        Assert.Equal(2.0, x.Max().Item<double>());
        Assert.Equal(0L, x.ArgMin().Item<long>());
        Assert.Equal(2.0, x.Mean(0).Item<double>());
        Assert.Equal(Shape.Scalar, x.Sum(-1, keepDim: true).Shape);
        x.Sum(0).Backward();
        Assert.Equal(1.0, x.Grad!.Item<double>());
        Grad(t => t[0].LogSumExp() + t[0].Mean() + t[0].Max(), Uniform([], 21));
    }

    [Fact]
    public void Float32GradientsStayFloat32()
    {
        var x = Tensor.FromArray(new float[] { 1, 2, 3, 4 }, 2, 2).RequiresGrad_();
        (x.Mean() + x.Var() + x.LogSumExp(1).Sum() + x.Max(0).Values.Sum()).Backward();
        Assert.Equal(DType.Float32, x.Grad!.DType);

        // d/dx of mean + unbiased var + Σ_rows logsumexp + Σ_cols max, element by element.
        double[] v = [1, 2, 3, 4];
        var mean = v.Average();
        double[] softmax = [Math.Exp(1) / (Math.Exp(1) + Math.Exp(2)), Math.Exp(2) / (Math.Exp(1) + Math.Exp(2))];
        double[] expected = [.. v.Select((xi, i) => 0.25 + 2 * (xi - mean) / 3 + softmax[i % 2] + (i >= 2 ? 1 : 0))];
        Close(expected, x.Grad.ToArray<float>().Select(g => (double)g).ToArray(), 1e-6);
    }

    [Fact]
    public void BadDimsGiveClearErrors()
    {
        Throws<ArgumentOutOfRangeException>(() => X().Mean(3), "Dimension out of range", "[-3, 2]", "3");
        Throws<ArgumentException>(() => X().Var([1, -2]), "Var", "more than once");
        Throws<ArgumentException>(() => Tensor.FromArray(new long[] { 1, 2 }).Mean(), "Mean", "floating-point", "torch.int64");
        Throws<ArgumentException>(() => Tensor.FromArray(new long[] { 1, 2 }).LogSumExp(), "LogSumExp", "torch.int64");
    }
}
