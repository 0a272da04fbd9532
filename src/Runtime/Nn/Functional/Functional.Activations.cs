namespace AutoDiffGen.Nn;

/// <summary>
/// Stateless neural-network functions (PyTorch's <c>torch.nn.functional</c>): activations, linear, dropout,
/// normalisation and losses. Each is a composition of differentiable tensor ops, so its gradient comes from the tape.
/// </summary>
public static partial class Functional
{
    /// <summary>max(x, 0) (<c>F.relu</c>); the gradient at 0 is 0, as in PyTorch.</summary>
    public static Tensor Relu(Tensor x) => Tensor.Relu(x);

    /// <summary>x where x &gt; 0, else <paramref name="negativeSlope"/>·x (<c>F.leaky_relu</c>).</summary>
    public static Tensor LeakyRelu(Tensor x, double negativeSlope = 0.01) => Tensor.LeakyRelu(x, negativeSlope);

    /// <summary>1 / (1 + e^−x) (<c>torch.sigmoid</c>).</summary>
    public static Tensor Sigmoid(Tensor x) => Tensor.Sigmoid(x);

    /// <summary>Hyperbolic tangent (<c>torch.tanh</c>).</summary>
    public static Tensor Tanh(Tensor x) => Tensor.Tanh(x);

    /// <summary>log(sigmoid(x)), computed stably (<c>F.logsigmoid</c>).</summary>
    public static Tensor LogSigmoid(Tensor x) => Tensor.LogSigmoid(x);

    /// <summary>x·sigmoid(x) (<c>F.silu</c>, also called swish).</summary>
    public static Tensor Silu(Tensor x) => Composites.SiluNode(x);

    /// <summary>
    /// Gaussian error linear unit (<c>F.gelu</c>): x·Φ(x) = 0.5·x·(1 + erf(x/√2)), or with
    /// <see cref="GeluApproximation.Tanh"/> 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))).
    /// </summary>
    public static Tensor Gelu(Tensor x, GeluApproximation approximate = GeluApproximation.None)
    {
        if (approximate == GeluApproximation.Tanh)
        {
            return Composites.GeluTanhNode(x);
        }

        return x * 0.5 * (Tensor.Erf(x * (1 / Math.Sqrt(2))) + 1.0);
    }

    /// <summary>
    /// log(1 + e^(βx)) / β, reverting to x where βx &gt; <paramref name="threshold"/> for stability (<c>F.softplus</c>).
    /// </summary>
    public static Tensor Softplus(Tensor x, double beta = 1, double threshold = 20) => Tensor.Softplus(x, beta, threshold);

    /// <summary>
    /// e^x / Σ e^x along <paramref name="dim"/> (<c>F.softmax</c>), shifted by the (detached) maximum so no exponential
    /// overflows; the shift cancels, so the gradient is the softmax's own.
    /// </summary>
    public static Tensor Softmax(Tensor x, int dim) => Composites.SoftmaxNode(x, dim);

    /// <summary>
    /// x − logsumexp(x) along <paramref name="dim"/> (<c>F.log_softmax</c>), computed as PyTorch's kernel does: shift by the
    /// (detached) maximum first, so the result keeps full precision even when |x| is large.
    /// </summary>
    public static Tensor LogSoftmax(Tensor x, int dim) => Composites.LogSoftmaxNode(x, dim);
}
