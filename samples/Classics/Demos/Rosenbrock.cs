using AutoDiffGen;

namespace Classics.Demos;

/// <summary>DeZero's step 28: Rosenbrock minimised by gradient descent on the tape, from (0, 2), with the NoGrad update idiom.</summary>
public static class Rosenbrock
{
    /// <summary>The point reached, the function there, and the path (every 100th point).</summary>
    public sealed record Result(double X0, double X1, double Value, IReadOnlyList<(double X0, double X1)> Path);

    /// <summary>Runs <paramref name="iterations"/> steps of size <paramref name="lr"/>; plots the path when <paramref name="output"/> is given.</summary>
    public static Result Run(int iterations = 10_000, double lr = 0.001, string? output = null)
    {
        var x0 = Tensor.Scalar(0.0).RequiresGrad_();
        var x1 = Tensor.Scalar(2.0).RequiresGrad_();
        var path = new List<(double, double)>();
        for (var i = 0; i < iterations; i++)
        {
            if (i % 100 == 0)
            {
                path.Add((x0.Item<double>(), x1.Item<double>()));
            }

            var y = 100 * Tensor.Square(x1 - x0.Square()) + Tensor.Square(x0 - 1);
            x0.Grad = null;
            x1.Grad = null;
            y.Backward();
            using (Autograd.NoGrad())
            {
                x0.Sub_(x0.Grad!, alpha: lr);
                x1.Sub_(x1.Grad!, alpha: lr);
            }
        }

        var (a, b) = (x0.Item<double>(), x1.Item<double>());
        path.Add((a, b));
        var result = new Result(a, b, Functions.Rosenbrock(a, b), path);
        if (output is not null)
        {
            var plot = new ScottPlot.Plot();
            plot.Title($"Rosenbrock by gradient descent: {iterations} steps of {lr}");
            var line = plot.Add.Scatter(path.Select(p => p.Item1).ToArray(), path.Select(p => p.Item2).ToArray());
            line.LegendText = "path from (0, 2)";
            var minimum = plot.Add.Marker(1, 1);
            minimum.LegendText = "minimum (1, 1)";
            plot.XLabel("x0");
            plot.YLabel("x1");
            plot.ShowLegend();
            Plots.Save(plot, output, "rosenbrock.png");
        }

        return result;
    }

    /// <summary>The same descent with the generator's <c>RosenbrockGradient</c> in plain doubles: an independent check.</summary>
    public static (double X0, double X1) RunWithGeneratedGradient(int iterations = 10_000, double lr = 0.001)
    {
        var (x0, x1) = (0.0, 2.0);
        for (var i = 0; i < iterations; i++)
        {
            var (_, d0, d1) = Functions.RosenbrockGradient(x0, x1);
            (x0, x1) = (x0 - lr * d0, x1 - lr * d1);
        }

        return (x0, x1);
    }
}
