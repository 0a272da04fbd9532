using AutoDiffGen;
using AutoDiffGen.Nn;

namespace Classics.Demos;

/// <summary>
/// Logistic regression on 2-D data as the small autodiff tutorials write it: a column of ones appended to the inputs
/// stands for the bias, so the model is one weight vector, σ(X·w), trained by gradient descent on the cross entropy.
/// </summary>
public static class LogisticRegression
{
    /// <summary>The weights (x₁, x₂, bias), the final loss and the training accuracy.</summary>
    public sealed record Result(double[] Weights, double FinalLoss, double Accuracy);

    /// <summary>Two Gaussian blobs of 100 points around (−1, −1) and (1, 1), standard deviation 0.7.</summary>
    public static (Tensor X, Tensor Y) Dataset(long seed = 2)
    {
        var generator = new Generator(seed);
        var negative = Tensor.Randn(new Shape(100, 2), DType.Float64, generator) * 0.7 - 1;
        var positive = Tensor.Randn(new Shape(100, 2), DType.Float64, generator) * 0.7 + 1;
        var labels = Tensor.Concat([Tensor.Zeros(new Shape(100, 1), DType.Float64), Tensor.Ones(new Shape(100, 1), DType.Float64)]);
        return (Tensor.Concat([negative, positive]), labels);
    }

    /// <summary>Trains w on [x₁, x₂, 1]; plots the points and the decision line when <paramref name="output"/> is given.</summary>
    public static Result Run(int iterations = 500, double lr = 0.5, long seed = 2, string? output = null)
    {
        var (x, y) = Dataset(seed);
        var withBias = Tensor.Concat([x, Tensor.Ones(new Shape(x.Shape[0], 1), DType.Float64)], dim: 1);   // [200, 3]
        var w = Tensor.Zeros(new Shape(3, 1), DType.Float64).RequiresGrad_();
        var loss = 0.0;
        for (var i = 0; i < iterations; i++)
        {
            var probability = Tensor.Sigmoid(Tensor.MatMul(withBias, w));
            var bce = Functional.BinaryCrossEntropy(probability, y);
            w.Grad = null;
            bce.Backward();
            using (Autograd.NoGrad())
            {
                w.Sub_(w.Grad!, alpha: lr);
            }

            loss = bce.Item<double>();
        }

        double accuracy;
        using (Autograd.NoGrad())
        {
            accuracy = Tensor.MatMul(withBias, w).Gt(0).Double().Eq(y).Double().Mean().Item<double>();
        }

        var weights = w.ToArray<double>();
        if (output is not null)
        {
            var plot = new ScottPlot.Plot();
            plot.Title($"Logistic regression with a bias column (accuracy {accuracy:P1})");
            var xs = x.ToArray<double>();
            var ys = y.ToArray<double>();
            for (var c = 0; c < 2; c++)
            {
                var idx = Enumerable.Range(0, ys.Length).Where(k => ys[k] == c).ToArray();
                plot.Add.ScatterPoints(idx.Select(k => xs[2 * k]).ToArray(), idx.Select(k => xs[2 * k + 1]).ToArray()).LegendText = $"class {c}";
            }

            // The boundary w₁x₁ + w₂x₂ + w₃ = 0.
            var line = plot.Add.Line(-3, (-weights[2] + 3 * weights[0]) / weights[1], 3, (-weights[2] - 3 * weights[0]) / weights[1]);
            line.LegendText = "decision boundary";
            plot.ShowLegend();
            Plots.Save(plot, output, "logistic_regression.png");
        }

        return new Result(weights, loss, accuracy);
    }
}
