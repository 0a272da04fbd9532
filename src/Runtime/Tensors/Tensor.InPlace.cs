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
        CheckNoInternalOverlap(nameof(Fill_));
        if (IsContiguous)
        {
            Fill(value);
        }
        else
        {
            using var scratch = TensorScope.Begin();
            WriteInto(this, Full(Shape, value, DType));
        }

        TensorVersions.Bump(Storage);
        return this;
    }

    /// <summary>
    /// Copies <paramref name="source"/>'s values into this tensor in place (PyTorch's <c>copy_()</c>), broadcasting the
    /// source into this tensor's shape and converting it to this tensor's dtype; not recorded on the tape.
    /// </summary>
    public Tensor Copy_(Tensor source)
    {
        ArgumentNullException.ThrowIfNull(source);
        CheckInPlaceAllowed(nameof(Copy_));
        if (!source.Shape.CanBroadcastTo(Shape))
        {
            throw new ArgumentException($"Copy_: source of shape {source.Shape} cannot be broadcast to destination shape {Shape}.");
        }

        CheckNoInternalOverlap(nameof(Copy_));
        using (Autograd.NoGrad())
        {
            using var scratch = TensorScope.Begin();

            // A copy first, so a source overlapping this tensor's memory is read before anything is written.
            var src = source.To(DType).Expand(Shape.Raw).CopyUntracked();
            if (IsContiguous)
            {
                Array.Copy(src.Storage, src.Offset, Storage, Offset, NumElements);
            }
            else
            {
                WriteInto(this, src);
            }
        }

        TensorVersions.Bump(Storage);
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

    /// <summary>
    /// PyTorch's rules for in-place writes while grad mode is on: never into a leaf that requires grad (its gradient would
    /// describe values it no longer holds), and here never into a tensor recorded on the tape (PyTorch rebases the
    /// history; this tape does not, so it refuses rather than give a wrong gradient).
    /// </summary>
    internal void CheckInPlaceAllowed(string op)
    {
        if (!Autograd.IsGradEnabled)
        {
            return;
        }

        if (IsLeaf && RequiresGrad)
        {
            throw new InvalidOperationException(
                $"{op}: a leaf tensor that requires grad (shape {Shape}{NameSuffix}) is being used in an in-place operation while grad mode is on. " +
                "Wrap the update in `using (Autograd.NoGrad()) { ... }`, e.g. `using (Autograd.NoGrad()) { w.Sub_(lr * w.Grad!); }`.");
        }

        if (!IsLeaf)
        {
            throw new InvalidOperationException(
                $"{op}: the tensor (shape {Shape}{NameSuffix}) was produced by a recorded {GradFn!.Name}; in-place operations on tensors recorded on the tape " +
                "are not supported while grad mode is on. Use the out-of-place form (y = y.Add(z)), or write under Autograd.NoGrad() " +
                "if the change must not be differentiated.");
        }
    }

    private string NameSuffix => Name is { } name ? $", named '{name}'" : string.Empty;
}
