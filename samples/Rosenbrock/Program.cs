// Three minimisers, each with derivatives the generator wrote at compile time: no tape, no allocation per step.
//  1. Newton's method on x⁴ − 2x² (DeZero's step 33): x ← x − f'(x) / f''(x), with QuarticSecondDerivative.
//  2. Newton on Rosenbrock without forming the Hessian: each step solves H p = −∇f by conjugate gradients, which
//     only needs Hessian-vector products (RosenbrockHessianVectorProduct).
//  3. Gradient descent on Rosenbrock, as DeZero's step 28 (RosenbrockGradient). CI reads its last lines.
using Rosenbrock;

Console.WriteLine("Newton's method on x^4 - 2x^2 from x = 2:");
var x = 2.0;
for (var i = 0; i <= 7; i++)
{
    Console.WriteLine($"  iteration {i}: x = {x:F10}");
    var (_, dx) = Functions.QuarticGradient(x);
    x -= dx / Functions.QuarticSecondDerivative(x);
}

Console.WriteLine("Newton-CG on Rosenbrock from (0, 2):");
var (n0, n1) = (0.0, 2.0);
for (var i = 0; i <= 8; i++)
{
    var (value, g0, g1) = Functions.RosenbrockGradient(n0, n1);
    Console.WriteLine($"  iteration {i}: x0 = {n0:F6}, x1 = {n1:F6}, f = {value:G4}");
    var (p0, p1) = NewtonDirection(n0, n1, g0, g1);
    (n0, n1) = (n0 + p0, n1 + p1);
}

const double LearningRate = 0.001;
const int Iterations = 50_000;
const int ReportEvery = 5_000;

Console.WriteLine("Gradient descent on Rosenbrock from (0, 2):");
var (x0, x1) = (0.0, 2.0);
long allocated = 0;
for (var i = 0; i < Iterations; i += ReportEvery)
{
    var (value, _, _) = Functions.RosenbrockGradient(x0, x1);
    Console.WriteLine($"step {i,6}: x0 = {x0:F6}, x1 = {x1:F6}, f = {value:G4}");

    // Only the descent itself is measured: the report line above allocates its string.
    var before = GC.GetAllocatedBytesForCurrentThread();
    for (var step = 0; step < ReportEvery; step++)
    {
        var (_, dx0, dx1) = Functions.RosenbrockGradient(x0, x1);
        x0 -= LearningRate * dx0;
        x1 -= LearningRate * dx1;
    }

    allocated += GC.GetAllocatedBytesForCurrentThread() - before;
}

Console.WriteLine($"step {Iterations,6}: x0 = {x0:F6}, x1 = {x1:F6}, f = {Functions.Rosenbrock(x0, x1):G4}");
Console.WriteLine($"bytes allocated by {Iterations} gradient steps: {allocated}");

// Conjugate gradients on H p = −g, with H only ever applied to a vector. In two dimensions it is exact after two
// iterations; if the curvature along a direction is not positive, the steepest-descent direction is returned instead.
static (double P0, double P1) NewtonDirection(double x0, double x1, double g0, double g1)
{
    var (p0, p1) = (0.0, 0.0);
    var (r0, r1) = (-g0, -g1);
    var (d0, d1) = (r0, r1);
    var rr = r0 * r0 + r1 * r1;
    for (var k = 0; k < 2 && rr > 1e-30; k++)
    {
        var (h0, h1) = Functions.RosenbrockHessianVectorProduct(x0, x1, d0, d1);
        var curvature = d0 * h0 + d1 * h1;
        if (curvature <= 0)
        {
            return k == 0 ? (-g0, -g1) : (p0, p1);
        }

        var alpha = rr / curvature;
        (p0, p1) = (p0 + alpha * d0, p1 + alpha * d1);
        (r0, r1) = (r0 - alpha * h0, r1 - alpha * h1);
        var next = r0 * r0 + r1 * r1;
        (d0, d1) = (r0 + next / rr * d0, r1 + next / rr * d1);
        rr = next;
    }

    return (p0, p1);
}
