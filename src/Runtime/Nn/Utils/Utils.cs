namespace AutoDiffGen.Nn;

/// <summary>Training utilities (PyTorch's <c>torch.nn.utils</c>): gradient clipping.</summary>
public static class Utils
{
    /// <summary>
    /// Rescales the gradients of <paramref name="parameters"/> so that their combined <paramref name="normType"/>-norm
    /// (the norm of the per-tensor norms) is at most <paramref name="maxNorm"/> (<c>clip_grad_norm_</c>): every gradient is
    /// multiplied by min(1, maxNorm / (total + 1e-6)). Returns the total norm before clipping, as a 0-d tensor.
    /// </summary>
    /// <param name="parameters">Tensors whose <see cref="Tensor.Grad"/> is clipped; those without a gradient are skipped.</param>
    /// <param name="maxNorm">The largest allowed norm.</param>
    /// <param name="normType">p of the p-norm; <see cref="double.PositiveInfinity"/> for the max norm.</param>
    /// <param name="errorIfNonfinite">Throw when the total norm is NaN or infinite instead of scaling by it.</param>
    public static Tensor ClipGradNorm(IEnumerable<Tensor> parameters, double maxNorm, double normType = 2, bool errorIfNonfinite = false)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (!(normType > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(normType), normType, "ClipGradNorm: normType must be positive (or infinity).");
        }

        var withGrad = parameters.Where(p => p.Grad is not null).ToList();
        if (withGrad.Count == 0)
        {
            return Tensor.Scalar(0f);
        }

        var total = 0.0;
        foreach (var p in withGrad)
        {
            var norm = VectorNorm(p.Grad!.ToDoubleArray(), normType);
            total = double.IsPositiveInfinity(normType) ? Math.Max(total, norm) : total + Math.Pow(norm, normType);
        }

        if (!double.IsPositiveInfinity(normType))
        {
            total = Math.Pow(total, 1 / normType);
        }

        if (errorIfNonfinite && !double.IsFinite(total))
        {
            throw new InvalidOperationException(
                $"ClipGradNorm: the total norm of order {normType} for gradients from `parameters` is non-finite, so it cannot be clipped. Pass errorIfNonfinite: false to scale by it anyway.");
        }

        var coefficient = Math.Min(maxNorm / (total + 1e-6), 1.0);
        using (Autograd.NoGrad())
        {
            foreach (var p in withGrad)
            {
                p.Grad = p.Grad! * coefficient;
            }
        }

        return Tensor.Scalar(total, withGrad[0].Grad!.DType);
    }

    /// <summary>Clamps every gradient element of <paramref name="parameters"/> into [−clipValue, clipValue] (<c>clip_grad_value_</c>).</summary>
    public static void ClipGradValue(IEnumerable<Tensor> parameters, double clipValue)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentOutOfRangeException.ThrowIfNegative(clipValue);
        foreach (var p in parameters)
        {
            if (p.Grad is { } grad)
            {
                p.Grad = InPlace.Map(grad, v => double.IsNaN(v) ? v : Math.Clamp(v, -clipValue, clipValue));
            }
        }
    }

    private static double VectorNorm(double[] values, double p)
    {
        if (double.IsPositiveInfinity(p))
        {
            var max = 0.0;
            foreach (var v in values)
            {
                max = double.IsNaN(v) ? v : Math.Max(max, Math.Abs(v));
            }

            return max;
        }

        var sum = 0.0;
        foreach (var v in values)
        {
            sum += p == 2 ? v * v : Math.Pow(Math.Abs(v), p);
        }

        return p == 2 ? Math.Sqrt(sum) : Math.Pow(sum, 1 / p);
    }
}
