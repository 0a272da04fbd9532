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

        var output = function(inputs);
        var weights = Tensor.Randn(output.Shape, DType.Float64, new Generator(seed));
        foreach (var input in inputs)
        {
            input.Grad = null;
        }

        (output * weights).Sum().Backward();

        for (var i = 0; i < inputs.Length; i++)
        {
            var input = inputs[i];
            if (!input.RequiresGrad)
            {
                continue;
            }

            var analytic = input.Grad?.ToArray<double>() ?? new double[input.NumElements];
            var data = input.ContiguousUntracked().Data<double>();
            if (!input.IsContiguous)
            {
                throw new ArgumentException("GradCheck: inputs must be contiguous.");
            }

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
    {
        using var _ = Autograd.NoGrad();
        return (function(inputs) * weights).Sum().Item<double>();
    }
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
