using AutoDiffGen;

namespace Classics;

/// <summary>Scalar functions written forward-only; the build writes their gradients (and, for Order = 2, second derivatives).</summary>
public static partial class Functions
{
    /// <summary>The Rosenbrock "banana" function, minimum 0 at (1, 1).</summary>
    [Differentiable]
    public static double Rosenbrock(double x0, double x1) => 100 * (x1 - x0 * x0) * (x1 - x0 * x0) + (x0 - 1) * (x0 - 1);

    /// <summary>tanh, for the generator's first and second derivatives (TanhGradient, TanhSecondDerivative).</summary>
    [Differentiable(Order = 2)]
    public static double Tanh(double x) => Math.Tanh(x);
}
