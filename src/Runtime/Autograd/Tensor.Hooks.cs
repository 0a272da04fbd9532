namespace AutoDiffGen;

public sealed partial class Tensor
{
    private List<Action<Tensor>>? _postAccumulateGradHooks;

    /// <summary>
    /// Registers <paramref name="hook"/> to run during <see cref="Backward"/> as soon as this leaf's <see cref="Grad"/>
    /// is final for that backward: after its last consumer has added its gradient (PyTorch's
    /// <c>register_post_accumulate_grad_hook</c>). The hook receives this tensor and may read or modify its gradient.
    /// </summary>
    /// <remarks>
    /// It runs only when the backward accumulates a gradient into this tensor (not for <see cref="Autograd.Grad"/>, which
    /// returns gradients instead, and not when no gradient reached the tensor). Data-parallel training uses it to start
    /// each gradient bucket's all-reduce while the rest of the backward is still running.
    /// </remarks>
    /// <returns>A handle whose <see cref="IDisposable.Dispose"/> removes the hook.</returns>
    public IDisposable RegisterPostAccumulateGradHook(Action<Tensor> hook)
    {
        ArgumentNullException.ThrowIfNull(hook);
        if (!IsLeaf || !RequiresGrad)
        {
            throw new InvalidOperationException(
                $"RegisterPostAccumulateGradHook: hooks can only be registered on leaf tensors that require grad (this tensor, shape {Shape}, is " +
                (IsLeaf ? "a leaf that does not require grad)." : $"produced by {GradFn!.Name})."));
        }

        (_postAccumulateGradHooks ??= []).Add(hook);
        return new HookHandle(this, hook);
    }

    /// <summary>The post-accumulate hooks, or null when there are none (the engine's fast path).</summary>
    internal List<Action<Tensor>>? PostAccumulateGradHooks => _postAccumulateGradHooks is { Count: > 0 } hooks ? hooks : null;

    /// <summary>Per-backward bookkeeping of a hooked leaf: consumers that have not yet handed over their gradient.</summary>
    internal int PendingHookConsumers;

    /// <summary>Per-backward bookkeeping of a hooked leaf: whether any gradient was accumulated into it.</summary>
    internal bool HookGradDelivered;

    /// <summary>Runs the hooks once this backward can no longer change <see cref="Grad"/>.</summary>
    internal void RunPostAccumulateGradHooks()
    {
        // A copy: a hook may remove itself (or others) while the list is being walked.
        foreach (var hook in _postAccumulateGradHooks!.ToArray())
        {
            hook(this);
        }
    }

    private sealed class HookHandle(Tensor tensor, Action<Tensor> hook) : IDisposable
    {
        private Tensor? _tensor = tensor;

        public void Dispose()
        {
            _tensor?._postAccumulateGradHooks?.Remove(hook);
            _tensor = null;
        }
    }
}
