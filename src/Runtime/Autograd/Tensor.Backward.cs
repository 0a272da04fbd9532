namespace AutoDiffGen;

public sealed partial class Tensor
{
    /// <summary>
    /// Computes the gradient of this tensor with respect to every leaf that requires grad, accumulating into their
    /// <see cref="Grad"/> (PyTorch's <c>tensor.backward()</c>).
    /// </summary>
    /// <param name="gradient">The gradient of the final objective with respect to this tensor; may be omitted only for one-element tensors.</param>
    /// <param name="retainGraph">Keep the graph so backward can run through it again.</param>
    /// <param name="createGraph">Record the backward computation itself, so gradients can be differentiated again (implies <paramref name="retainGraph"/>).</param>
    public void Backward(Tensor? gradient = null, bool retainGraph = false, bool createGraph = false)
        => BackwardEngine.Run(this, gradient, retainGraph || createGraph, createGraph, capture: null);

    /// <summary>A new leaf sharing this tensor's data, cut from the graph (PyTorch's <c>detach()</c>).</summary>
    public Tensor Detach() => new(Storage, _shape, Strides, Offset);

    /// <summary>
    /// Clears <see cref="Grad"/>: to null (keeping an unseen engine-owned buffer for the next backward), or (reusing the
    /// buffer when it is a plain one) to zeros in place.
    /// </summary>
    internal void ClearGrad(bool setToNone)
    {
        if (setToNone)
        {
            SetGradToNone();
            return;
        }

        if (RawGrad is not { } grad || grad.RequiresGrad || !grad.IsContiguous || grad.IsDisposed)
        {
            Grad = null;
            return;
        }

        // Deferred: the next backward overwrites the buffer, and a read before then fills it (Tensor.Grad).
        if (ReferenceEquals(grad, OwnedGrad))
        {
            MarkGradStale();
            return;
        }

        using (Autograd.NoGrad())
        {
            grad.Zero_();
        }
    }
}
