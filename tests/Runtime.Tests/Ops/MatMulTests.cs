using static AutoDiffGen.Tests.Ops.OpAssert;

namespace AutoDiffGen.Tests.Ops;

/// <summary>MatMul with torch.matmul semantics: forward against a triple loop, gradients for every rank combination.</summary>
public class MatMulTests
{
    /// <summary>The reference product of row-major [m, k] and [k, n] arrays.</summary>
    private static double[] Naive(double[] a, double[] b, int m, int k, int n)
    {
        var c = new double[m * n];
        for (var i = 0; i < m; i++)
        {
            for (var j = 0; j < n; j++)
            {
                for (var p = 0; p < k; p++)
                {
                    c[i * n + j] += a[i * k + p] * b[p * n + j];
                }
            }
        }

        return c;
    }

    private static double[] Seq(int n, double scale = 0.5) => Enumerable.Range(0, n).Select(i => (i % 7 - 3) * scale).ToArray();

    [Fact]
    public void MatrixTimesMatrix()
    {
        var (a, b) = (Seq(6), Seq(12, 0.25));
        var r = Tensor.MatMul(Tensor.FromArray(a, 2, 3), Tensor.FromArray(b, 3, 4));
        Assert.Equal(new Shape(2, 4), r.Shape);
        Close(Naive(a, b, 2, 3, 4), r.ToArray<double>());
    }

    [Fact]
    public void VectorDotVectorIsScalar()
    {
        var r = Tensor.MatMul(Tensor.FromArray(new[] { 1.0, 2, 3 }), Tensor.FromArray(new[] { 4.0, 5, 6 }));
        Assert.Equal(Shape.Scalar, r.Shape);
        Assert.Equal(32.0, r.Item<double>());
    }

    [Fact]
    public void VectorTimesMatrixAndMatrixTimesVector()
    {
        var (v, m) = (Seq(3), Seq(12, 0.25));
        var left = Tensor.MatMul(Tensor.FromArray(v), Tensor.FromArray(m, 3, 4));
        Assert.Equal(new Shape(4), left.Shape);
        Close(Naive(v, m, 1, 3, 4), left.ToArray<double>());
        var right = Tensor.MatMul(Tensor.FromArray(m, 4, 3), Tensor.FromArray(v));
        Assert.Equal(new Shape(4), right.Shape);
        Close(Naive(m, v, 4, 3, 1), right.ToArray<double>());
    }

    [Fact]
    public void BatchedWithBroadcastBatchDims()
    {
        // a [2, 1, 2, 3] · b [3, 3, 4] → [2, 3, 2, 4]; batch (i, j) multiplies a[i, 0] by b[j].
        var (a, b) = (Seq(12), Seq(36, 0.25));
        var r = Tensor.MatMul(Tensor.FromArray(a, 2, 1, 2, 3), Tensor.FromArray(b, 3, 3, 4));
        Assert.Equal(new Shape(2, 3, 2, 4), r.Shape);
        var expected = new List<double>();
        for (var i = 0; i < 2; i++)
        {
            for (var j = 0; j < 3; j++)
            {
                expected.AddRange(Naive(a[(i * 6)..(i * 6 + 6)], b[(j * 12)..(j * 12 + 12)], 2, 3, 4));
            }
        }

        Close([.. expected], r.ToArray<double>());
    }

    [Fact]
    public void TransposedViewsMultiplyAsTheirValues()
    {
        var (a, b) = (Seq(6), Seq(12, 0.25));
        var at = Tensor.FromArray(a, 3, 2).T;
        var bt = Tensor.FromArray(b, 4, 3).T;
        Close(Naive(at.ToArray<double>(), bt.ToArray<double>(), 2, 3, 4), Tensor.MatMul(at, bt).ToArray<double>());
    }

    [Fact] public void Grad2D() => Grad(x => Tensor.MatMul(x[0], x[1]), Uniform([2, 3], 1), Uniform([3, 4], 2));
    [Fact] public void GradVectorVector() => Grad(x => Tensor.MatMul(x[0], x[1]), Uniform([5], 3), Uniform([5], 4));
    [Fact] public void GradVectorMatrix() => Grad(x => Tensor.MatMul(x[0], x[1]), Uniform([3], 5), Uniform([3, 4], 6));
    [Fact] public void GradMatrixVector() => Grad(x => Tensor.MatMul(x[0], x[1]), Uniform([4, 3], 7), Uniform([3], 8));
    [Fact] public void GradBatched() => Grad(x => Tensor.MatMul(x[0], x[1]), Uniform([2, 2, 3], 9), Uniform([2, 3, 2], 10));
    [Fact] public void GradBatchedBroadcast() => Grad(x => Tensor.MatMul(x[0], x[1]), Uniform([2, 1, 2, 3], 11), Uniform([3, 3, 2], 12));
    [Fact] public void GradBatchedTimesMatrix() => Grad(x => Tensor.MatMul(x[0], x[1]), Uniform([3, 2, 4], 13), Uniform([4, 2], 14));
    [Fact] public void GradBatchedTimesVector() => Grad(x => Tensor.MatMul(x[0], x[1]), Uniform([2, 3, 4], 15), Uniform([4], 16));
    [Fact] public void GradTransposedViews() => Grad(x => Tensor.MatMul(x[0].T, x[1].T), Uniform([3, 2], 17), Uniform([4, 3], 18));
    [Fact] public void GradBatchedTransposedView() => Grad(x => x[0].MatMul(x[1].MT), Uniform([2, 2, 3], 19), Uniform([2, 4, 3], 20));

    [Fact]
    public void ShapeErrorsNameBothShapes()
    {
        Throws<ArgumentException>(() => Tensor.MatMul(Tensor.Zeros(2, 3), Tensor.Zeros(4, 5)), "MatMul", "2x3", "4x5");
        Throws<ArgumentException>(() => Tensor.MatMul(Tensor.Zeros(2, 2, 3), Tensor.Zeros(3, 3, 4)), "MatMul", "[2]", "[3]");
        Throws<ArgumentException>(() => Tensor.MatMul(Tensor.Scalar(1f), Tensor.Zeros(3)), "MatMul", "at least 1 dimension");
    }
}
