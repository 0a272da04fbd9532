using System.Numerics;
using AutoDiffGen.Kernels;

namespace AutoDiffGen;

public sealed partial class Tensor
{
    /// <summary>
    /// Matrix product with <c>torch.matmul</c> semantics: 1-D·1-D is a dot product, 2-D·2-D a matrix product, a 1-D
    /// operand is treated as a row (left) or column (right) vector, and higher ranks are batches of matrices whose batch
    /// dimensions broadcast. Transposed views are multiplied without copying.
    /// </summary>
    public static Tensor MatMul(Tensor a, Tensor b)
    {
        (a, b) = PromoteFloat(nameof(MatMul), a, b);
        if (a.Rank == 0 || b.Rank == 0)
        {
            throw new ArgumentException($"MatMul: both arguments need at least 1 dimension, got shapes {a.Shape} and {b.Shape}.");
        }

        if (a.Rank == 1 && b.Rank == 1)
        {
            return MatMulCore(a.Reshape(1, a.Shape[0]), b.Reshape(b.Shape[0], 1)).Reshape();
        }

        if (a.Rank == 1)
        {
            var r = MatMulCore(a.Reshape(1, a.Shape[0]), b);
            return r.Reshape(RemoveAxis(r.Shape, r.Rank - 2));
        }

        if (b.Rank == 1)
        {
            var r = MatMulCore(a, b.Reshape(b.Shape[0], 1));
            return r.Reshape(RemoveAxis(r.Shape, r.Rank - 1));
        }

        return MatMulCore(a, b);
    }

    /// <summary>Matrix product of this tensor and <paramref name="other"/>; see <see cref="MatMul(Tensor, Tensor)"/>.</summary>
    public Tensor MatMul(Tensor other) => MatMul(this, other);

    /// <summary>Both operands have rank ≥ 2 and one float dtype.</summary>
    private static Tensor MatMulCore(Tensor a, Tensor b)
    {
        var result = MatMulForward(a, b);
        return Autograd.Record(nameof(MatMul), result, a, b, static (node, grad, grads) =>
        {
            var (a, b) = (node.Inputs[0], node.Inputs[1]);
            grads[0] = node.NeedsInputGrad(0) ? MatMulBackwardA(grad, a, b) : null;
            grads[1] = node.NeedsInputGrad(1) ? MatMulBackwardB(grad, a, b) : null;
        });
    }

    /// <summary>The rule of <c>MatMul</c> with respect to <c>a</c>: <c>grad · bᵀ</c>, summed over broadcast batch dimensions.</summary>
    [DerivativeOf(nameof(MatMul), Wrt = "a")]
    public static Tensor MatMulBackwardA(Tensor grad, Tensor a, Tensor b)
        => ReduceGrad(IsTransposedView(a) ? MatMul(b, grad.MT).MT : MatMul(grad, b.MT), a.Shape);

    /// <summary>The rule of <c>MatMul</c> with respect to <c>b</c>: <c>aᵀ · grad</c>, summed over broadcast batch dimensions.</summary>
    [DerivativeOf(nameof(MatMul), Wrt = "b")]
    public static Tensor MatMulBackwardB(Tensor grad, Tensor a, Tensor b)
        => ReduceGrad(IsTransposedView(b) ? MatMul(grad.MT, a).MT : MatMul(a.MT, grad), b.Shape);

    // Rules of the rules, for second-order generated code (the rules' grad is gradOutput here). Both are bilinear:
    // MatMulBackwardA = ReduceGrad(gradOutput·bᵀ, a.Shape), so its gradients are grad·b (broadcasting expands grad
    // back over batch dimensions) and MatMulBackwardB(gradOutput, grad, b); a gives only a shape.
    /// <summary>The rule of <see cref="MatMulBackwardA"/> with respect to <c>gradOutput</c> (its <c>grad</c>), for second-order code: <c>grad · b</c>.</summary>
    [DerivativeOf(nameof(MatMulBackwardA), Wrt = "gradOutput")]
    public static Tensor MatMulBackwardABackwardGradOutput(Tensor grad, Tensor b) => MatMul(grad, b);

    /// <summary>The rule of <see cref="MatMulBackwardA"/> with respect to <c>b</c>, for second-order code.</summary>
    [DerivativeOf(nameof(MatMulBackwardA), Wrt = "b")]
    public static Tensor MatMulBackwardABackwardB(Tensor grad, Tensor gradOutput, Tensor b) => MatMulBackwardB(gradOutput, grad, b);

    /// <summary>The rule of <see cref="MatMulBackwardA"/> with respect to <c>a</c>, which gives only a shape: zero.</summary>
    [DerivativeOf(nameof(MatMulBackwardA), Wrt = "a")]
    public static Tensor MatMulBackwardABackwardA(Tensor grad, Tensor a) => ZerosLike(a);

    // MatMulBackwardB = ReduceGrad(aᵀ·gradOutput, b.Shape): gradients a·grad and MatMulBackwardA(gradOutput, a, grad).
    /// <summary>The rule of <see cref="MatMulBackwardB"/> with respect to <c>gradOutput</c> (its <c>grad</c>), for second-order code: <c>a · grad</c>.</summary>
    [DerivativeOf(nameof(MatMulBackwardB), Wrt = "gradOutput")]
    public static Tensor MatMulBackwardBBackwardGradOutput(Tensor grad, Tensor a) => MatMul(a, grad);

    /// <summary>The rule of <see cref="MatMulBackwardB"/> with respect to <c>a</c>, for second-order code.</summary>
    [DerivativeOf(nameof(MatMulBackwardB), Wrt = "a")]
    public static Tensor MatMulBackwardBBackwardA(Tensor grad, Tensor gradOutput, Tensor a) => MatMulBackwardA(gradOutput, a, grad);

    /// <summary>The rule of <see cref="MatMulBackwardB"/> with respect to <c>b</c>, which gives only a shape: zero.</summary>
    [DerivativeOf(nameof(MatMulBackwardB), Wrt = "b")]
    public static Tensor MatMulBackwardBBackwardB(Tensor grad, Tensor b) => ZerosLike(b);

    // NOTE: when an operand is a transposed view (Linear's W.T), computing its gradient transposed — (Bᵀ·Gᵀ)ᵀ instead of
    // G·B — makes the gradient reaching the underlying parameter contiguous: same products, no copy of a weight-sized matrix.
    private static bool IsTransposedView(Tensor x) => x.Rank == 2 && !x.IsContiguous && x.Strides[0] == 1 && x.Strides[1] == x.Shape[0];

    internal static Tensor MatMulForward(Tensor a, Tensor b)
    {
        int m = a.Shape[-2], k = a.Shape[-1], kb = b.Shape[-2], n = b.Shape[-1];
        if (k != kb)
        {
            throw new ArgumentException($"MatMul: mat1 and mat2 shapes cannot be multiplied ({m}x{k} and {kb}x{n}); full shapes {a.Shape} and {b.Shape}.");
        }

        var batchA = a.Shape.Raw[..^2];
        var batchB = b.Shape.Raw[..^2];
        var batch = Shape.Broadcast(Shape.Wrap(batchA), Shape.Wrap(batchB), nameof(MatMul)).Raw;
        var outDims = new int[batch.Length + 2];
        batch.CopyTo(outDims, 0);
        outDims[^2] = m;
        outDims[^1] = n;
        var result = Zeros(Shape.Wrap(outDims), a.DType);
        if (m == 0 || n == 0)
        {
            return result;
        }

        a = a.AsMatrixOperand();
        b = b.AsMatrixOperand();
        if (a.DType == DType.Float32)
        {
            BatchedGemm<float>(a, b, result, batch, m, n, k);
        }
        else
        {
            BatchedGemm<double>(a, b, result, batch, m, n, k);
        }

        return result;
    }

    private static void BatchedGemm<T>(Tensor a, Tensor b, Tensor result, int[] batch, int m, int n, int k)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var batchShape = Shape.Wrap(batch);
        var aStrides = a.BatchStrides(batchShape);
        var bStrides = b.BatchStrides(batchShape);
        var (transA, lda) = a.MatrixLayout();
        var (transB, ldb) = b.MatrixLayout();
        var count = batchShape.NumElements;
        var index = new int[batch.Length];
        var output = result.Data<T>();
        T[] aData = a.StorageAs<T>(), bData = b.StorageAs<T>();
        int ao = a.Offset, bo = b.Offset;
        for (var i = 0; i < count; i++)
        {
            MatrixKernels.Multiply<T>(transA, transB, m, n, k, aData.AsSpan(ao), lda, bData.AsSpan(bo), ldb, output.Slice(i * m * n, m * n), n);
            for (var axis = batch.Length - 1; axis >= 0; axis--)
            {
                ao += aStrides[axis];
                bo += bStrides[axis];
                if (++index[axis] < batch[axis])
                {
                    break;
                }

                ao -= aStrides[axis] * batch[axis];
                bo -= bStrides[axis] * batch[axis];
                index[axis] = 0;
            }
        }
    }

    /// <summary>This tensor if its last two dimensions form a row- or column-major matrix, else a contiguous copy.</summary>
    private Tensor AsMatrixOperand()
    {
        var (rows, cols) = (Shape[-2], Shape[-1]);
        var (rs, cs) = (Strides[^2], Strides[^1]);
        var rowMajor = cs == 1 && rs >= Math.Max(cols, 1);
        var colMajor = rs == 1 && cs >= Math.Max(rows, 1);
        return rowMajor || colMajor || rows <= 1 && cs == 1 || cols <= 1 && rs == 1 ? this : ContiguousUntracked();
    }

    /// <summary>Whether the last two dimensions are stored transposed, and the leading dimension to pass to GEMM.</summary>
    private (bool Transposed, int Ld) MatrixLayout()
    {
        var (rows, cols) = (Shape[-2], Shape[-1]);
        var (rs, cs) = (Strides[^2], Strides[^1]);
        if (cs == 1 && (rs >= cols || rows <= 1))
        {
            return (false, Math.Max(rs, cols));
        }

        return (true, Math.Max(cs, rows));
    }

    /// <summary>Strides of the batch dimensions, 0 where this operand is broadcast.</summary>
    private int[] BatchStrides(Shape batch)
    {
        var strides = new int[batch.Rank];
        var offset = batch.Rank - (Rank - 2);
        for (var i = 0; i < Rank - 2; i++)
        {
            strides[i + offset] = Shape.Raw[i] == 1 ? 0 : Strides[i];
        }

        return strides;
    }

    private static int[] RemoveAxis(Shape shape, int axis)
    {
        var dims = new List<int>(shape.Raw);
        dims.RemoveAt(axis);
        return [.. dims];
    }
}
