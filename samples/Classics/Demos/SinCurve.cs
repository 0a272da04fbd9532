using AutoDiffGen;
using AutoDiffGen.Nn;

namespace Classics.Demos;

/// <summary>DeZero's step 43: y = sin(2πx) + noise fitted by a 1-10-1 network with a sigmoid hidden layer.</summary>
public static class SinCurve
{
    /// <summary>The loss before and after training, and the fitted curve on a grid.</summary>
    public sealed record Result(double FirstLoss, double FinalLoss, double[] GridX, double[] GridY, double[] X, double[] Y);

    /// <summary>100 points x ~ U(0, 1), y = sin(2πx) + U(0, 1); plain gradient descent with the NoGrad update idiom.</summary>
    public static Result Run(int iterations = 10_000, double lr = 0.2, long seed = 0, string? output = null)
    {
        var generator = new Generator(seed);
        var x = Tensor.Rand(new Shape(100, 1), DType.Float64, generator);
        var y = Tensor.Sin(2 * Math.PI * x) + Tensor.Rand(new Shape(100, 1), DType.Float64, generator);

        // DeZero's initialisation: small random weights, zero biases.
        var w1 = (0.01 * Tensor.Randn(new Shape(1, 10), DType.Float64, generator)).RequiresGrad_();
        var b1 = Tensor.Zeros(new Shape(10), DType.Float64).RequiresGrad_();
        var w2 = (0.01 * Tensor.Randn(new Shape(10, 1), DType.Float64, generator)).RequiresGrad_();
        var b2 = Tensor.Zeros(new Shape(1), DType.Float64).RequiresGrad_();
        Tensor[] parameters = [w1, b1, w2, b2];
        Tensor Predict(Tensor input) => Tensor.MatMul(Tensor.Sigmoid(Tensor.MatMul(input, w1) + b1), w2) + b2;

        double first = double.NaN, last = double.NaN;
        for (var i = 0; i < iterations; i++)
        {
            var loss = Functional.MseLoss(Predict(x), y);
            foreach (var p in parameters)
            {
                p.Grad = null;
            }

            loss.Backward();
            using (Autograd.NoGrad())
            {
                foreach (var p in parameters)
                {
                    p.Sub_(p.Grad!, alpha: lr);
                }
            }

            last = loss.Item<double>();
            first = i == 0 ? last : first;
        }

        var grid = Tensor.Linspace(0, 1, 101, DType.Float64).Reshape(101, 1);
        double[] fitted;
        using (Autograd.NoGrad())
        {
            fitted = Predict(grid).ToArray<double>();
        }

        var result = new Result(first, last, grid.ToArray<double>(), fitted, x.ToArray<double>(), y.ToArray<double>());
        if (output is not null)
        {
            var plot = new ScottPlot.Plot();
            plot.Title($"sin(2πx) + noise by a 1-10-1 sigmoid network (loss {last:F4})");
            plot.Add.ScatterPoints(result.X, result.Y).LegendText = "data";
            var curve = plot.Add.Scatter(result.GridX, result.GridY);
            curve.MarkerSize = 0;
            curve.LegendText = "network";
            plot.ShowLegend();
            Plots.Save(plot, output, "sin_curve.png");
        }

        return result;
    }
}
