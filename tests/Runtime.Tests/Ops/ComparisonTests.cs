using static AutoDiffGen.Tests.Ops.OpAssert;

namespace AutoDiffGen.Tests.Ops;

/// <summary>Eq/Ne/Lt/Le/Gt/Ge, their operators and the logical ops: bool results, broadcasting, promotion, no gradients.</summary>
public class ComparisonTests
{
    private static readonly double[] A = [1, 2, 3, 4, 5, 6];
    private static readonly double[] B = [2, 2, 7];

    private static void Compare(Func<Tensor, Tensor, Tensor> op, Func<double, double, bool> reference)
    {
        var r = op(Tensor.FromArray(A, 2, 3), Tensor.FromArray(B));
        Assert.Equal(DType.Bool, r.DType);
        Assert.Equal(new Shape(2, 3), r.Shape);
        Assert.Equal(A.Select((v, i) => reference(v, B[i % 3])).ToArray(), r.ToArray<bool>());
        var scalar = op(Tensor.FromArray(A.Select(v => (float)v).ToArray(), 2, 3), Tensor.Scalar(3.0f));
        Assert.Equal(A.Select(v => reference(v, 3)).ToArray(), scalar.ToArray<bool>());
    }

    [Fact] public void Eq() => Compare(Tensor.Eq, (a, b) => a == b);
    [Fact] public void Ne() => Compare(Tensor.Ne, (a, b) => a != b);
    [Fact] public void Lt() => Compare(Tensor.Lt, (a, b) => a < b);
    [Fact] public void Le() => Compare(Tensor.Le, (a, b) => a <= b);
    [Fact] public void Gt() => Compare(Tensor.Gt, (a, b) => a > b);
    [Fact] public void Ge() => Compare(Tensor.Ge, (a, b) => a >= b);
    [Fact] public void LtOperator() => Compare((a, b) => a < b, (a, b) => a < b);
    [Fact] public void LeOperator() => Compare((a, b) => a <= b, (a, b) => a <= b);
    [Fact] public void GtOperator() => Compare((a, b) => a > b, (a, b) => a > b);
    [Fact] public void GeOperator() => Compare((a, b) => a >= b, (a, b) => a >= b);

    [Fact]
    public void ScalarOperandsOnEitherSide()
    {
        var x = Tensor.FromArray(new[] { 1.0, 2, 3 });
        Assert.Equal(new[] { false, false, true }, (x > 2).ToArray<bool>());
        Assert.Equal(new[] { true, false, false }, (2 > x).ToArray<bool>());
        Assert.Equal(new[] { false, true, true }, (2 <= x).ToArray<bool>());
        Assert.Equal(new[] { true, true, false }, (x <= 2.5).ToArray<bool>());
        Assert.Equal(new[] { false, true, false }, x.Eq(2).ToArray<bool>());
        Assert.Equal(new[] { true, false, true }, x.Ne(2).ToArray<bool>());
        Assert.Equal(new[] { true, false, false }, x.Lt(2).ToArray<bool>());
        Assert.Equal(new[] { false, true, true }, x.Ge(2).ToArray<bool>());
    }

    [Fact]
    public void EqualityOperatorStaysReferenceEquality()
    {
        var a = Tensor.FromArray(new[] { 1.0 });
        var b = Tensor.FromArray(new[] { 1.0 });
#pragma warning disable CS1718 // comparing a variable to itself is the point here
        Assert.True(a == a);
#pragma warning restore CS1718
        Assert.False(a == b);
        Assert.True(a.Eq(b).Item<bool>());
    }

    [Fact]
    public void NaNComparesUnequalToEverything()
    {
        var x = Tensor.FromArray(new[] { double.NaN, 1 });
        Assert.Equal(new[] { false, true }, x.Eq(x).ToArray<bool>());
        Assert.Equal(new[] { true, false }, x.Ne(x).ToArray<bool>());
        Assert.Equal(new[] { false, false }, (x < 0).ToArray<bool>());
        Assert.Equal(new[] { false, true }, (x >= 1).ToArray<bool>());
    }

    [Fact]
    public void IntegerAndBoolTensorsCompareAndPromote()
    {
        var ints = Tensor.FromArray(new long[] { 1, 2, 3 });
        Assert.Equal(new[] { false, true, true }, (ints > 1).ToArray<bool>());
        Assert.Equal(new[] { false, true, true }, (ints > 1.5).ToArray<bool>());
        Assert.Equal(new[] { true, false, false }, Tensor.Lt(ints, Tensor.FromArray(new float[] { 1.5f, 1.5f, 1.5f })).ToArray<bool>());
        var bools = Tensor.FromArray(new[] { true, false });
        Assert.Equal(new[] { true, false }, bools.Eq(1).ToArray<bool>());
        Assert.Equal(new[] { false, false }, bools.Eq(Tensor.FromArray(new[] { false, true })).ToArray<bool>());
    }

    [Fact]
    public void ComparisonsNeverRecordAGraph()
    {
        var x = Leaf([1, 2], 2);
        var r = x > 1;
        Assert.False(r.RequiresGrad);
        Assert.Null(r.GradFn);
    }

    [Fact]
    public void ComparisonBroadcastErrorNamesTheOpAndBothShapes()
        => Throws<ArgumentException>(() => Tensor.Ge(Tensor.Zeros(2, 3), Tensor.Zeros(2)), "Ge", "[2, 3]", "[2]");

    [Fact]
    public void LogicalOpsOnMasks()
    {
        var a = Tensor.FromArray(new[] { true, true, false, false });
        var b = Tensor.FromArray(new[] { true, false, true, false });
        Assert.Equal(new[] { true, false, false, false }, (a & b).ToArray<bool>());
        Assert.Equal(new[] { true, true, true, false }, (a | b).ToArray<bool>());
        Assert.Equal(new[] { false, false, true, true }, (~a).ToArray<bool>());
        Assert.Equal(new[] { true, false, true, false, false, false, false, false },
            Tensor.LogicalAnd(a.Reshape(4, 1), Tensor.FromArray(new[] { true, false })).ToArray<bool>());
        Throws<ArgumentException>(() => Tensor.LogicalAnd(a, Tensor.Zeros(4)), "LogicalAnd", "torch.bool", "torch.float32");
    }
}
