using AutoDiffGen;
using AutoDiffGen.Nn;
using AutoDiffGen.Optim;

namespace Classics.Demos;

/// <summary>
/// gradflow's regression example: a make_regression-style dataset (100 samples, one feature, noise 10), the target
/// squared so a straight line cannot fit it, a small tanh network, and gradient clipping by norm on every step.
/// </summary>
public static class GradflowRegression
{
    /// <summary>The final loss (on standardised targets), R² on the training set, and how many steps were clipped.</summary>
    public sealed record Result(double FirstLoss, double FinalLoss, double RSquared, int ClippedSteps, int Steps);

    /// <summary>
    /// scikit-learn's <c>make_regression(n_samples=100, n_features=1, noise=10)</c>: x ~ N(0, 1), y = 100·u·x + 10·ε with
    /// u ~ U(0, 1) and ε ~ N(0, 1); then the target is y², standardised (zero mean, unit variance).
    /// </summary>
    public static (Tensor X, Tensor Y) Dataset(long seed = 3)
    {
        var generator = new Generator(seed);
        var x = Tensor.Randn(new Shape(100, 1), DType.Float64, generator);
        var coef = 100 * Tensor.Rand(new Shape(1), DType.Float64, generator).Item<double>();
        var y = (coef * x + 10 * Tensor.Randn(new Shape(100, 1), DType.Float64, generator)).Square();
        var mean = y.Mean().Item<double>();
        var std = Math.Sqrt((y - mean).Square().Mean().Item<double>());
        return (x, (y - mean) / std);
    }

    /// <summary>Trains a 1-32-1 tanh network with Adam, clipping the gradient norm at <paramref name="maxNorm"/>.</summary>
    public static Result Run(int epochs = 1000, double lr = 0.01, double maxNorm = 1.0, long seed = 3, string? output = null)
    {
        var (x, y) = Dataset(seed);
        var generator = new Generator(seed + 1);
        var hidden = new Linear(1, 32, dtype: DType.Float64, generator: generator);
        var head = new Linear(32, 1, dtype: DType.Float64, generator: generator);
        var parameters = hidden.Parameters().Concat(head.Parameters()).ToArray();
        Tensor Predict(Tensor input) => head.Forward(Tensor.Tanh(hidden.Forward(input)));
        var optimizer = new Adam(parameters, lr: lr);

        double first = double.NaN, last = double.NaN;
        var clipped = 0;
        for (var epoch = 0; epoch < epochs; epoch++)
        {
            var loss = Functional.MseLoss(Predict(x), y);
            optimizer.ZeroGrad();
            loss.Backward();
            var norm = Utils.ClipGradNorm(parameters, maxNorm).Item<double>();
            clipped += norm > maxNorm ? 1 : 0;
            optimizer.Step();
            last = loss.Item<double>();
            first = epoch == 0 ? last : first;
        }

        double[] predicted;
        using (Autograd.NoGrad())
        {
            predicted = Predict(x).ToArray<double>();
        }

        var targets = y.ToArray<double>();
        var mean = targets.Average();
        var residual = targets.Zip(predicted).Sum(p => (p.First - p.Second) * (p.First - p.Second));
        var total = targets.Sum(v => (v - mean) * (v - mean));
        var result = new Result(first, last, 1 - residual / total, clipped, epochs);
        if (output is not null)
        {
            var plot = new ScottPlot.Plot();
            plot.Title($"gradflow regression, squared target, clipped at norm {maxNorm} (R² {result.RSquared:F3})");
            var xs = x.ToArray<double>();
            plot.Add.ScatterPoints(xs, targets).LegendText = "data (standardised y²)";
            var order = Enumerable.Range(0, xs.Length).OrderBy(k => xs[k]).ToArray();
            var fit = plot.Add.Scatter(order.Select(k => xs[k]).ToArray(), order.Select(k => predicted[k]).ToArray());
            fit.MarkerSize = 0;
            fit.LegendText = "network";
            plot.ShowLegend();
            Plots.Save(plot, output, "gradflow_regression.png");
        }

        return result;
    }
}
