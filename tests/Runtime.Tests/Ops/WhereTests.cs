using static AutoDiffGen.Tests.Ops.OpAssert;

namespace AutoDiffGen.Tests.Ops;

/// <summary>Where(condition, a, b): selection, broadcasting over all three operands, scalars, gradients, errors.</summary>
public class WhereTests
{
    [Fact]
    public void SelectsElementwise()
    {
        var c = Tensor.FromArray(new[] { true, false, true });
        var r = Tensor.Where(c, Tensor.FromArray(new[] { 1.0, 2, 3 }), Tensor.FromArray(new[] { 10.0, 20, 30 }));
        Assert.Equal(new[] { 1.0, 20, 3 }, r.ToArray<double>());
    }

    [Fact]
    public void BroadcastsConditionAndBothBranches()
    {
        // condition [2, 1, 1], a [3, 1], b [4]: result [2, 3, 4].
        var cond = new[] { true, false };
        var a = new[] { 1.0, 2, 3 };
        var b = new[] { -1.0, -2, -3, -4 };
        var r = Tensor.Where(Tensor.FromArray(cond, 2, 1, 1), Tensor.FromArray(a, 3, 1), Tensor.FromArray(b));
        Assert.Equal(new Shape(2, 3, 4), r.Shape);
        var expected = new List<double>();
        for (var i = 0; i < 2; i++)
        {
            for (var j = 0; j < 3; j++)
            {
                for (var k = 0; k < 4; k++)
                {
                    expected.Add(cond[i] ? a[j] : b[k]);
                }
            }
        }

        Assert.Equal(expected.ToArray(), r.ToArray<double>());
    }

    [Fact]
    public void ScalarBranches()
    {
        var x = Tensor.FromArray(new float[] { -1, 2, -3 });
        Assert.Equal(new float[] { 0, 2, 0 }, Tensor.Where(x > 0, x, 0.0).ToArray<float>());
        Assert.Equal(new float[] { -1, 9, -3 }, Tensor.Where(x > 0, 9.0, x).ToArray<float>());
        Assert.Equal(DType.Float32, Tensor.Where(x > 0, x, 0.0).DType);
    }

    [Fact]
    public void IntegerBranchesWork()
    {
        var r = Tensor.Where(Tensor.FromArray(new[] { true, false }), Tensor.FromArray(new long[] { 1, 2 }), Tensor.FromArray(new long[] { 7, 8 }));
        Assert.Equal(DType.Int64, r.DType);
        Assert.Equal(new long[] { 1, 8 }, r.ToArray<long>());
    }

    [Fact]
    public void GradFlowsToTheSelectedBranch()
    {
        var a = Leaf([1, 2, 3], 3);
        var b = Leaf([4, 5, 6], 3);
        Tensor.Where(Tensor.FromArray(new[] { true, false, true }), a, b).Sum().Backward();
        Assert.Equal(new double[] { 1, 0, 1 }, a.Grad!.ToArray<double>());
        Assert.Equal(new double[] { 0, 1, 0 }, b.Grad!.ToArray<double>());
    }

    [Fact]
    public void GradCheckWithBroadcasting()
    {
        var cond = Tensor.FromArray(new[] { true, false, false, true, true, false }, 2, 1, 3);
        Grad(x => Tensor.Where(cond, x[0], x[1]), Uniform([4, 1], 1), Uniform([3], 2));
    }

    [Fact]
    public void GradCheckWithScalarBranch()
    {
        var cond = Tensor.FromArray(new[] { true, false, true, false }, 2, 2);
        Grad(x => Tensor.Where(cond, x[0], 1.5), Uniform([2, 2], 3));
    }

    [Fact]
    public void ConditionMustBeBool()
        => Throws<ArgumentException>(() => Tensor.Where(Tensor.Ones(3), Tensor.Ones(3), Tensor.Ones(3)), "Where", "condition", "torch.bool", "torch.float32");

    [Fact]
    public void ShapeErrorNamesShapes()
        => Throws<ArgumentException>(() => Tensor.Where(Tensor.FromArray(new[] { true, false }), Tensor.Ones(3), Tensor.Ones(3)), "Where", "[2]", "[3]");
}
