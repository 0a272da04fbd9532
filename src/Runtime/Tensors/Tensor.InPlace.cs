using AutoDiffGen.Kernels;
using System.Numerics.Tensors;

namespace AutoDiffGen;

public sealed partial class Tensor
{
    /// <summary>Sets every element to zero in place (PyTorch's <c>zero_()</c>); not recorded on the tape.</summary>
    public Tensor Zero_() => Fill_(0);

    /// <summary>Sets every element to <paramref name="value"/> in place (PyTorch's <c>fill_()</c>); not recorded on the tape.</summary>
    public Tensor Fill_(double value)
    {
        CheckInPlaceAllowed(nameof(Fill_));
        if (IsContiguous)
        {
            Fill(value);
            return this;
        }

        throw new InvalidOperationException($"Fill_: in-place fill of a non-contiguous view (shape {Shape}) is not supported; call Contiguous() first.");
    }

    /// <summary>Copies <paramref name="source"/>'s values into this tensor in place (PyTorch's <c>copy_()</c>), broadcasting the source.</summary>
    public Tensor Copy_(Tensor source)
    {
        ArgumentNullException.ThrowIfNull(source);
        CheckInPlaceAllowed(nameof(Copy_));
        if (!IsContiguous)
        {
            throw new InvalidOperationException($"Copy_: the destination (shape {Shape}) must be contiguous.");
        }

        if (!source.Shape.CanBroadcastTo(Shape))
        {
            throw new ArgumentException($"Copy_: source of shape {source.Shape} cannot be broadcast to destination shape {Shape}.");
        }

        var src = source.To(DType).Expand(Shape.Raw).ContiguousUntracked();
        Array.Copy(src.Storage, src.Offset, Storage, Offset, NumElements);
        return this;
    }

    /// <summary>this += other, in place, for gradient accumulation and optimizers (no tape).</summary>
    internal void AddInPlace(Tensor other)
    {
        if (other.Shape != Shape || !IsContiguous)
        {
            throw new InvalidOperationException($"AddInPlace: internal shape mismatch {Shape} += {other.Shape}.");
        }

        // A strided source is gathered into a pooled scratch tensor, so accumulation allocates nothing in steady state.
        using var scratch = TensorScope.Begin();
        var src = other.To(DType).ContiguousUntracked();

        if (DType == DType.Float32)
        {
            TensorPrimitives.Add(Data<float>(), src.Data<float>(), Data<float>());
        }
        else
        {
            TensorPrimitives.Add(Data<double>(), src.Data<double>(), Data<double>());
        }
    }

    /// <summary>this = other, in place (same shape; any dtype and strides), for gradient buffers (no tape).</summary>
    internal void CopyFromUntracked(Tensor other)
    {
        if (other.Shape != Shape || !IsContiguous)
        {
            throw new InvalidOperationException($"CopyFromUntracked: internal shape mismatch {Shape} = {other.Shape}.");
        }

        if (other.DType == DType && other.IsContiguous)
        {
            CopyContiguous(other);
            return;
        }

        using var scratch = TensorScope.Begin();
        CopyContiguous(other.To(DType).ContiguousUntracked());
    }

    private void CopyContiguous(Tensor source)
    {
        if (DType == DType.Float32)
        {
            ArrayCopy.Copy(source.StorageAs<float>(), source.Offset, StorageAs<float>(), Offset, NumElements);
        }
        else if (DType == DType.Float64)
        {
            ArrayCopy.Copy(source.StorageAs<double>(), source.Offset, StorageAs<double>(), Offset, NumElements);
        }
        else
        {
            Array.Copy(source.Storage, source.Offset, Storage, Offset, NumElements);
        }
    }

    /// <summary>A contiguous copy that never shares storage with this tensor and is never recorded.</summary>
    internal Tensor CopyUntracked()
    {
        var source = ContiguousUntracked();
        var copy = Empty(Shape, DType);
        Array.Copy(source.Storage, source.Offset, copy.Storage, 0, NumElements);
        return copy;
    }

    private void CheckInPlaceAllowed(string op)
    {
        if (Autograd.IsGradEnabled && (RequiresGrad && IsLeaf || !IsLeaf))
        {
            throw new InvalidOperationException(
                $"{op}: a tensor that requires grad cannot be modified in place while grad mode is on; wrap the update in `using (Autograd.NoGrad())`.");
        }
    }
}
