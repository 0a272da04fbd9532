namespace AutoDiffGen;

/// <summary>
/// Entry points of the define-by-run tape: grad-mode scopes and recording of operations.
/// </summary>
public static partial class Autograd
{
    [ThreadStatic]
    private static bool t_gradDisabled;

    /// <summary>False inside a <see cref="NoGrad"/> scope on this thread.</summary>
    public static bool IsGradEnabled => !t_gradDisabled;

    /// <summary>
    /// Disables recording on this thread until disposed (PyTorch's <c>torch.no_grad()</c>); scopes nest.
    /// </summary>
    /// <example><code>using (Autograd.NoGrad()) { w -= lr * w.Grad!; }</code></example>
    public static GradModeScope NoGrad() => new(enabled: false);

    /// <summary>Re-enables recording on this thread until disposed (PyTorch's <c>torch.enable_grad()</c>).</summary>
    public static GradModeScope EnableGrad() => new(enabled: true);

    /// <summary>True when an operation on these inputs must be recorded.</summary>
    public static bool ShouldRecord(Tensor a) => !t_gradDisabled && a.RequiresGrad;

    /// <summary>True when an operation on these inputs must be recorded.</summary>
    public static bool ShouldRecord(Tensor a, Tensor b) => !t_gradDisabled && (a.RequiresGrad || b.RequiresGrad);

    /// <summary>
    /// Records <paramref name="result"/> as produced from <paramref name="inputs"/> by an operation whose gradient
    /// <paramref name="backward"/> computes, when grad mode is on and any input requires grad (PyTorch's
    /// <c>torch.autograd.Function</c>). Returns <paramref name="result"/>.
    /// </summary>
    public static Tensor Record(string name, Tensor result, Tensor[] inputs, BackwardFunction backward, object? state = null)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        if (t_gradDisabled)
        {
            return result;
        }

        foreach (var input in inputs)
        {
            if (input.RequiresGrad)
            {
                foreach (var other in inputs)
                {
                    result = DistinctFrom(result, other);
                }

                result.SetGradFn(new Node(name, inputs, result, backward, state));
                return result;
            }
        }

        return result;
    }

    /// <summary>Allocation-light <see cref="Record(string, Tensor, Tensor[], BackwardFunction, object?)"/> for one input.</summary>
    public static Tensor Record(string name, Tensor result, Tensor input, BackwardFunction backward, object? state = null)
    {
        if (ShouldRecord(input))
        {
            result = DistinctFrom(result, input);
            result.SetGradFn(new Node(name, [input], result, backward, state));
        }

        return result;
    }

    /// <summary>Allocation-light <see cref="Record(string, Tensor, Tensor[], BackwardFunction, object?)"/> for two inputs.</summary>
    public static Tensor Record(string name, Tensor result, Tensor a, Tensor b, BackwardFunction backward, object? state = null)
    {
        if (ShouldRecord(a, b))
        {
            result = DistinctFrom(DistinctFrom(result, a), b);
            result.SetGradFn(new Node(name, [a, b], result, backward, state));
        }

        return result;
    }

    /// <summary>
    /// An operation may return one of its inputs unchanged (a loop that runs zero times returns its initial value).
    /// Recording a node on the input itself would make the input its own producer, so the result becomes a new tensor
    /// over the same storage, as PyTorch's autograd does for a view.
    /// </summary>
    private static Tensor DistinctFrom(Tensor result, Tensor input)
        => ReferenceEquals(result, input) ? new Tensor(result.Storage, result.Shape, result.Strides, result.Offset) : result;

    /// <summary>
    /// Computes and returns the gradients of <paramref name="output"/> with respect to <paramref name="inputs"/>
    /// without touching any <see cref="Tensor.Grad"/> (PyTorch's <c>torch.autograd.grad</c>). With
    /// <paramref name="createGraph"/> the returned gradients are themselves differentiable.
    /// </summary>
    public static Tensor?[] Grad(Tensor output, Tensor[] inputs, Tensor? gradOutput = null, bool retainGraph = false, bool createGraph = false)
        => BackwardEngine.Run(output, gradOutput, retainGraph || createGraph, createGraph, inputs);

    /// <summary>A grad-mode scope; restores the previous mode when disposed.</summary>
    public readonly struct GradModeScope : IDisposable
    {
        private readonly bool _previousDisabled;

        internal GradModeScope(bool enabled)
        {
            _previousDisabled = t_gradDisabled;
            t_gradDisabled = !enabled;
        }

        /// <summary>Restores the grad mode that was in force when the scope began.</summary>
        public void Dispose() => t_gradDisabled = _previousDisabled;
    }
}
