// Gradient descent on the Rosenbrock function, as DeZero's step 28, with the gradient the generator wrote at
// compile time (Functions.RosenbrockGradient): no tape, no allocation per step.
using Rosenbrock;

const double LearningRate = 0.001;
const int Iterations = 50_000;
const int ReportEvery = 5_000;

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
