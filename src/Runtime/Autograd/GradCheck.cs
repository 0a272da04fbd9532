namespace AutoDiffGen;

/// <summary>
/// Checks tape gradients against float64 central finite differences (PyTorch's <c>torch.autograd.gradcheck</c>).
/// </summary>
public static class GradCheck
{
    /// <summary>
    /// Compares, for every element of every input, the analytic gradient of <c>sum(f(inputs) · v)</c> (v a fixed random
    /// weighting, so every output element matters) with its central difference. Inputs must be float64 leaves; those that
    /// should be checked must require grad. Throws <see cref="GradCheckException"/> naming the first mismatch.
    /// </summary>
    public static void Check(Func<Tensor[], Tensor> function, Tensor[] inputs, double eps = 1e-6, double atol = 1e-5, double rtol = 1e-3, long seed = 1234)
    {
        ArgumentNullException.ThrowIfNull(function);
        foreach (var input in inputs)
        {
            if (input.RequiresGrad && input.DType != DType.Float64)
            {
                throw new ArgumentException($"GradCheck: inputs that require grad must be float64 for meaningful finite differences, got {input.DType.ToTorchName()} of shape {input.Shape}.");
            }
        }

        // Grad mode on throughout, so a function that differentiates (calls Autograd.Grad) works, here and in the
        // finite differences; gradients come from Autograd.Grad, so the inputs' .Grad are left alone.
        using var gradMode = Autograd.EnableGrad();
        var output = function(inputs);
        var weights = Tensor.Randn(output.Shape, DType.Float64, new Generator(seed));
        var checkedInputs = inputs.Where(input => input.RequiresGrad).ToArray();
        var objective = (output * weights).Sum();
        var analyticGrads = objective.RequiresGrad && checkedInputs.Length > 0
            ? Autograd.Grad(objective, checkedInputs)
            : new Tensor?[checkedInputs.Length];

        for (int i = 0, c = 0; i < inputs.Length; i++)
        {
            var input = inputs[i];
            if (!input.RequiresGrad)
            {
                continue;
            }

            var analytic = analyticGrads[c++]?.ToDoubleArray() ?? new double[input.NumElements];
            if (!input.IsContiguous)
            {
                throw new ArgumentException("GradCheck: inputs must be contiguous.");
            }

            var data = input.Data<double>();
            for (var j = 0; j < data.Length; j++)
            {
                var saved = data[j];
                data[j] = saved + eps;
                var plus = Objective(function, inputs, weights);
                data[j] = saved - eps;
                var minus = Objective(function, inputs, weights);
                data[j] = saved;
                var numeric = (plus - minus) / (2 * eps);
                if (Math.Abs(analytic[j] - numeric) > atol + rtol * Math.Abs(numeric) || double.IsNaN(analytic[j]) != double.IsNaN(numeric))
                {
                    throw new GradCheckException(
                        $"GradCheck: gradient mismatch for input {i} (shape {input.Shape}) at flat index {j}: analytic {analytic[j]:R}, numeric {numeric:R} (atol {atol}, rtol {rtol}).");
                }
            }
        }
    }

    /// <summary>
    /// Checks second derivatives (PyTorch's <c>torch.autograd.gradgradcheck</c>): runs <see cref="Check"/> on the map
    /// (inputs, v) ↦ vᵀ·∂f/∂inputs, computed with <c>Autograd.Grad(…, createGraph: true)</c> for a fixed random v, so both
    /// the gradient's dependence on the inputs (the Hessian-vector products) and on v are compared with finite differences.
    /// Inputs as for <see cref="Check"/>: float64 leaves, those to check requiring grad.
    /// </summary>
    public static void GradGradCheck(Func<Tensor[], Tensor> function, Tensor[] inputs, double eps = 1e-6, double atol = 1e-5, double rtol = 1e-3, long seed = 1234)
    {
        ArgumentNullException.ThrowIfNull(function);
        ArgumentNullException.ThrowIfNull(inputs);
        var output = function(inputs);
        var n = inputs.Length;
        var gradOutput = Tensor.Randn(output.Shape, DType.Float64, new Generator(seed + 1)).RequiresGrad_();
        Tensor FirstDerivatives(Tensor[] all)
        {
            var xs = all[..n];
            var wrt = xs.Where(x => x.RequiresGrad).ToArray();
            var y = function(xs);
            var grads = y.RequiresGrad ? Autograd.Grad(y, wrt, gradOutput: all[n], createGraph: true) : new Tensor?[wrt.Length];
            var flat = new Tensor[wrt.Length];
            for (var k = 0; k < wrt.Length; k++)
            {
                flat[k] = (grads[k] ?? Tensor.ZerosLike(wrt[k])).Reshape(-1);
            }

            return flat.Length == 0 ? Tensor.Zeros(new Shape(0), DType.Float64) : Tensor.Concat(flat);
        }

        Check(FirstDerivatives, [.. inputs, gradOutput], eps, atol, rtol, seed);
    }

    /// <summary>Returns false instead of throwing; see <see cref="Check"/>.</summary>
    public static bool TryCheck(Func<Tensor[], Tensor> function, Tensor[] inputs, out string? failure, double eps = 1e-6, double atol = 1e-5, double rtol = 1e-3)
    {
        try
        {
            Check(function, inputs, eps, atol, rtol);
            failure = null;
            return true;
        }
        catch (GradCheckException e)
        {
            failure = e.Message;
            return false;
        }
    }

    private static double Objective(Func<Tensor[], Tensor> function, Tensor[] inputs, Tensor weights)
        => (function(inputs) * weights).Sum().Detach().Item<double>();
}

/// <summary>Thrown by <see cref="GradCheck.Check"/> when analytic and numeric gradients disagree.</summary>
public sealed class GradCheckException : Exception
{
    /// <summary>Creates the exception with a message naming the input, element and both values.</summary>
    public GradCheckException(string message)
        : base(message)
    {
    }
}
