using AutoDiffGen;

namespace Classics.Demos;

/// <summary>DeZero's step 33: Newton's method on f(x) = x⁴ − 2x², with f'' from a double backward on the tape.</summary>
public static class Newton
{
    /// <summary>f(x) = x⁴ − 2x².</summary>
    public static Tensor F(Tensor x) => x.Pow(4) - 2 * x.Square();

    /// <summary>The iterates x₀ = <paramref name="start"/>, x₁, …, x_<paramref name="iterations"/>.</summary>
    public static IReadOnlyList<double> Run(double start = 2.0, int iterations = 10, string? output = null)
    {
        var x = Tensor.Scalar(start).RequiresGrad_();
        var iterates = new List<double> { start };
        for (var i = 0; i < iterations; i++)
        {
            var y = F(x);
            var gx = Autograd.Grad(y, [x], createGraph: true)[0]!;   // f'(x), itself on the tape
            var gx2 = Autograd.Grad(gx, [x])[0]!;                    // f''(x)
            using (Autograd.NoGrad())
            {
                x.Sub_(gx / gx2);
            }

            iterates.Add(x.Item<double>());
        }

        if (output is not null)
        {
            var plot = new ScottPlot.Plot();
            plot.Title("Newton's method on x⁴ − 2x² by double backward");
            var xs = Enumerable.Range(0, 201).Select(i => -2.2 + 4.4 * i / 200).ToArray();
            var curve = plot.Add.Scatter(xs, xs.Select(v => v * v * v * v - 2 * v * v).ToArray());
            curve.MarkerSize = 0;
            curve.LegendText = "f(x)";
            var steps = plot.Add.Scatter(iterates.ToArray(), iterates.Select(v => v * v * v * v - 2 * v * v).ToArray());
            steps.LegendText = "iterates from x = 2";
            plot.ShowLegend();
            Plots.Save(plot, output, "newton.png");
        }

        return iterates;
    }
}
