namespace AutoDiffGen.Bench.Generated;

/// <summary>A scalar [Differentiable] function whose generated gradient the scalar-gradient profile times, and the same gradient by hand.</summary>
public static partial class ScalarFunctions
{
    /// <summary>The two-dimensional Rosenbrock function.</summary>
    [Differentiable]
    public static double Rosenbrock(double x0, double x1) =>
        100 * (x1 - x0 * x0) * (x1 - x0 * x0) + (x0 - 1) * (x0 - 1);

    /// <summary>Its value and gradient written by hand, as a careful user would: the reference the generated one must meet.</summary>
    public static (double Value, double dx0, double dx1) RosenbrockByHand(double x0, double x1)
    {
        var d = x1 - x0 * x0;
        var e = x0 - 1;
        return (100 * d * d + e * e, -400 * d * x0 + 2 * e, 200 * d);
    }
}
