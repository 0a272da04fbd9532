using AutoDiffGen;

namespace Classics.Demos;

/// <summary>
/// DeZero's step 35: tanh and its derivatives on one plot, by the tape (each derivative differentiated again with
/// <c>createGraph</c>) and by the generator (<c>[Differentiable(Order = 2)]</c>: TanhGradient and TanhSecondDerivative).
/// </summary>
public static class TanhDerivatives
{
    /// <summary>The grid, then tanh and its first <c>order</c> derivatives by the tape, then the generator's first two.</summary>
    public sealed record Result(double[] X, double[][] Tape, double[] GeneratedFirst, double[] GeneratedSecond);

    /// <summary>Derivatives up to <paramref name="order"/> on <paramref name="points"/> points of [−7, 7].</summary>
    public static Result Run(int order = 4, int points = 201, string? output = null)
    {
        var x = Tensor.Linspace(-7, 7, points, DType.Float64).RequiresGrad_();
        var derivatives = new List<Tensor> { x.Tanh() };
        for (var k = 1; k <= order; k++)
        {
            // Elementwise, so the gradient of the sum is the derivative at every point.
            derivatives.Add(Autograd.Grad(derivatives[^1].Sum(), [x], createGraph: true)[0]!);
        }

        var xs = x.ToArray<double>();
        var result = new Result(
            xs,
            derivatives.Select(d => d.ToArray<double>()).ToArray(),
            xs.Select(v => Functions.TanhGradient(v).dx).ToArray(),
            xs.Select(Functions.TanhSecondDerivative).ToArray());

        if (output is not null)
        {
            var plot = new ScottPlot.Plot();
            plot.Title("tanh and its derivatives (tape createGraph; generator Order = 2 dashed)");
            for (var k = 0; k < result.Tape.Length; k++)
            {
                var line = plot.Add.Scatter(xs, result.Tape[k]);
                line.MarkerSize = 0;
                line.LegendText = k == 0 ? "tanh" : $"derivative {k} (tape)";
            }

            foreach (var (values, name) in new[] { (result.GeneratedFirst, "derivative 1 (generator)"), (result.GeneratedSecond, "derivative 2 (generator)") })
            {
                var line = plot.Add.Scatter(xs, values);
                line.MarkerSize = 0;
                line.LinePattern = ScottPlot.LinePattern.Dashed;
                line.LegendText = name;
            }

            plot.ShowLegend();
            Plots.Save(plot, output, "tanh.png");
        }

        return result;
    }
}
