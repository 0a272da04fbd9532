namespace AutoDiffGen.Nn;

/// <summary>
/// The runtime's composite ops, written forward-only: the source generator emits each one's backward
/// (<c>{Name}Backward</c>) and a single-node tape version (<c>{Name}Node</c>), which <see cref="Functional"/> calls.
/// Read the generated code under <c>obj/.../generated/</c>.
/// </summary>
internal static partial class Composites
{
    /// <summary>x·sigmoid(x).</summary>
    [Differentiable]
    internal static Tensor Silu(Tensor x) => x * Tensor.Sigmoid(x);

    /// <summary>GELU, tanh approximation: 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))).</summary>
    [Differentiable]
    internal static Tensor GeluTanh(Tensor x)
    {
        var inner = (x + 0.044715 * x * x * x) * 0.7978845608028654;
        return 0.5 * x * (1.0 + Tensor.Tanh(inner));
    }

    /// <summary>Softmax along <paramref name="dim"/>, shifted by the (constant) maximum so no exponential overflows.</summary>
    [Differentiable]
    internal static Tensor Softmax(Tensor x, int dim)
    {
        var e = Tensor.Exp(x - Differentiation.WithoutDerivative(x.Amax(dim, keepDim: true)));
        return e / e.Sum(dim, keepDim: true);
    }

    /// <summary>Log-softmax along <paramref name="dim"/>: shifted − log Σ exp(shifted).</summary>
    [Differentiable]
    internal static Tensor LogSoftmax(Tensor x, int dim)
    {
        var shifted = x - Differentiation.WithoutDerivative(x.Amax(dim, keepDim: true));
        return shifted - Tensor.Log(Tensor.Exp(shifted).Sum(dim, keepDim: true));
    }

    /// <summary>Cross-entropy against class probabilities, per sample: −Σ_c target_c·log softmax(logits)_c.</summary>
    [Differentiable]
    internal static Tensor SoftTargetCrossEntropy(Tensor logits, Tensor target, int classDim)
        => -(LogSoftmax(logits, classDim) * target).Sum(classDim);

    /// <summary>Elementwise squared error (input − target)², the core of MSE.</summary>
    [Differentiable]
    internal static Tensor SquaredError(Tensor input, Tensor target)
    {
        var difference = input - target;
        return difference * difference;
    }

    /// <summary>Elementwise binary cross-entropy with logits, in the stable form max(x, 0) − x·t + log(1 + e^−|x|).</summary>
    [Differentiable]
    internal static Tensor BinaryCrossEntropyWithLogits(Tensor x, Tensor target)
        => Tensor.Relu(x) - x * target + Tensor.Log(1.0 + Tensor.Exp(-Tensor.Abs(x)));

    /// <summary>Layer normalisation over <paramref name="axes"/> (their element count is <paramref name="count"/>), before the affine part.</summary>
    [Differentiable]
    internal static Tensor LayerNormalize(Tensor input, int[] axes, int count, double eps)
    {
        var centered = input - input.Sum(axes, keepDim: true) / count;
        var variance = (centered * centered).Sum(axes, keepDim: true) / count;
        return centered * Tensor.Rsqrt(variance + eps);
    }
}
