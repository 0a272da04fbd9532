using AutoDiffGen.Kernels;

namespace AutoDiffGen;

public sealed partial class Tensor
{
    /// <summary>
    /// A copy of this tensor with <paramref name="value"/> wherever the bool <paramref name="mask"/> is true
    /// (<c>torch.masked_fill</c>). The mask broadcasts with this tensor; the result has the broadcast shape.
    /// Differentiable in this tensor: filled positions get zero gradient.
    /// </summary>
    public Tensor MaskedFill(Tensor mask, double value)
    {
        ArgumentNullException.ThrowIfNull(mask);
        if (mask.DType != DType.Bool)
        {
            throw new ArgumentException($"MaskedFill: expected a bool mask, got {mask.DType.ToTorchName()} of shape {mask.Shape}.", nameof(mask));
        }

        var shape = Shape.Broadcast(Shape, mask.Shape, nameof(MaskedFill));
        var result = new Tensor(Storage, shape, BroadcastStrides(shape), Offset).CopyUntracked();
        var m = new Tensor(mask.Storage, shape, mask.BroadcastStrides(shape), mask.Offset).ContiguousUntracked().Data<bool>();
        switch (DType)
        {
            case DType.Float32: IndexKernels.MaskedFill(result.Data<float>(), m, (float)value); break;
            case DType.Float64: IndexKernels.MaskedFill(result.Data<double>(), m, value); break;
            case DType.Int64: IndexKernels.MaskedFill(result.Data<long>(), m, (long)value); break;
            default: IndexKernels.MaskedFill(result.Data<bool>(), m, value != 0); break;
        }

        return Autograd.Record(nameof(MaskedFill), result, this,
            static (node, grad, grads) => grads[0] = MaskedFillBackward(grad, node.Inputs[0], (Tensor)node.State!), mask);
    }

    [DerivativeOf(nameof(MaskedFill))]
    internal static Tensor MaskedFillBackward(Tensor grad, Tensor x, Tensor mask) => ReduceGrad(grad.MaskedFill(mask, 0), x.Shape);
}
