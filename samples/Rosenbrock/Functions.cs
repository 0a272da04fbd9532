using AutoDiffGen;

namespace Rosenbrock;

/// <summary>The function to minimise, written forward-only; the build writes <c>RosenbrockGradient</c> beside it.</summary>
public static partial class Functions
{
    /// <summary>The Rosenbrock "banana" function, minimum 0 at (1, 1).</summary>
    [Differentiable]
    public static double Rosenbrock(double x0, double x1) =>
        100 * (x1 - x0 * x0) * (x1 - x0 * x0) + (x0 - 1) * (x0 - 1);
}
