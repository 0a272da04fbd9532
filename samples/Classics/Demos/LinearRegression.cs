using AutoDiffGen;

namespace Classics.Demos;

/// <summary>DeZero's step 42: y = 5 + 2x + noise fitted by gradient descent on a weight and a bias, updated in place.</summary>
public static class LinearRegression
{
    /// <summary>The fitted weight and bias, the least-squares solution to compare with, and the final loss.</summary>
    public sealed record Result(double W, double B, double ExactW, double ExactB, double Loss, double[] X, double[] Y);

    /// <summary>100 points x ~ U(0, 1), y = 5 + 2x + U(0, 1); <paramref name="iterations"/> steps of size <paramref name="lr"/>.</summary>
    public static Result Run(int iterations = 1000, double lr = 0.1, long seed = 0, string? output = null)
    {
        var generator = new Generator(seed);
        var x = Tensor.Rand(new Shape(100, 1), DType.Float64, generator);
        var y = 5 + 2 * x + Tensor.Rand(new Shape(100, 1), DType.Float64, generator);
        var w = Tensor.Zeros(new Shape(1, 1), DType.Float64).RequiresGrad_();
        var b = Tensor.Zeros(new Shape(1), DType.Float64).RequiresGrad_();
        var loss = 0.0;
        for (var i = 0; i < iterations; i++)
        {
            var error = Tensor.MatMul(x, w) + b - y;
            var mse = error.Square().Mean();
            w.Grad = null;
            b.Grad = null;
            mse.Backward();
            using (Autograd.NoGrad())
            {
                w.Sub_(w.Grad!, alpha: lr);
                b.Sub_(b.Grad!, alpha: lr);
            }

            loss = mse.Item<double>();
        }

        var xs = x.ToArray<double>();
        var ys = y.ToArray<double>();
        var (exactW, exactB) = LeastSquares(xs, ys);
        var result = new Result(w.Item<double>(), b.Item<double>(), exactW, exactB, loss, xs, ys);
        if (output is not null)
        {
            var plot = new ScottPlot.Plot();
            plot.Title($"Linear regression: y = {result.W:F3}·x + {result.B:F3}");
            var points = plot.Add.ScatterPoints(xs, ys);
            points.LegendText = "data";
            var line = plot.Add.Line(0, result.B, 1, result.W + result.B);
            line.LegendText = "fit";
            plot.ShowLegend();
            Plots.Save(plot, output, "linear_regression.png");
        }

        return result;
    }

    /// <summary>The closed-form least-squares line through the points.</summary>
    public static (double W, double B) LeastSquares(double[] x, double[] y)
    {
        var (mx, my) = (x.Average(), y.Average());
        var sxy = x.Zip(y).Sum(p => (p.First - mx) * (p.Second - my));
        var sxx = x.Sum(v => (v - mx) * (v - mx));
        var w = sxy / sxx;
        return (w, my - w * mx);
    }
}
