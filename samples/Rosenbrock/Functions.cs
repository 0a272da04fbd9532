using AutoDiffGen;

namespace Rosenbrock;

/// <summary>
/// The functions to minimise, written forward-only; the build writes <c>RosenbrockGradient</c> beside them and, since
/// they ask for <c>Order = 2</c>, <c>RosenbrockHessianVectorProduct</c> and <c>QuarticSecondDerivative</c> too.
/// </summary>
public static partial class Functions
{
    /// <summary>The Rosenbrock "banana" function, minimum 0 at (1, 1).</summary>
    [Differentiable(Order = 2)]
    public static double Rosenbrock(double x0, double x1) =>
        100 * (x1 - x0 * x0) * (x1 - x0 * x0) + (x0 - 1) * (x0 - 1);

    /// <summary>DeZero's step 33 example, x⁴ − 2x², with minima at x = ±1.</summary>
    [Differentiable(Order = 2)]
    public static double Quartic(double x) => x * x * x * x - 2 * x * x;
}
