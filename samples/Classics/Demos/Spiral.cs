using AutoDiffGen;
using AutoDiffGen.Nn;
using AutoDiffGen.Optim;

namespace Classics.Demos;

/// <summary>
/// DeZero's step 48: three interleaved spirals (100 points each) classified by a 2-10-3 sigmoid network, SGD with
/// learning rate 1 in batches of 30 for 300 epochs, and the decision regions plotted.
/// </summary>
public static class Spiral
{
    /// <summary>The first and last epoch's mean loss and the accuracy on the training points.</summary>
    public sealed record Result(double FirstEpochLoss, double FinalEpochLoss, double Accuracy);

    /// <summary>DeZero's <c>get_spiral</c>: point i of class j at radius i/100 and angle 4j + 4·i/100 + 0.2·noise.</summary>
    public static (Tensor X, Tensor T) Dataset(long seed = 1)
    {
        const int PerClass = 100;
        const int Classes = 3;
        var noise = Tensor.Randn(new Shape(PerClass * Classes), DType.Float64, new Generator(seed)).ToArray<double>();
        var x = new double[PerClass * Classes * 2];
        var t = new long[PerClass * Classes];
        for (var j = 0; j < Classes; j++)
        {
            for (var i = 0; i < PerClass; i++)
            {
                var rate = (double)i / PerClass;
                var k = j * PerClass + i;
                var theta = j * 4.0 + 4.0 * rate + noise[k] * 0.2;
                x[2 * k] = rate * Math.Sin(theta);
                x[2 * k + 1] = rate * Math.Cos(theta);
                t[k] = j;
            }
        }

        return (Tensor.FromArray(x, PerClass * Classes, 2), Tensor.FromArray(t, PerClass * Classes));
    }

    /// <summary>Trains the classifier; plots decision regions when <paramref name="output"/> is given.</summary>
    public static Result Run(int epochs = 300, int batchSize = 30, double lr = 1.0, long seed = 1, string? output = null)
    {
        var (x, t) = Dataset(seed);
        var generator = new Generator(seed + 1);
        var hidden = new Linear(2, 10, dtype: DType.Float64, generator: generator);
        var outputLayer = new Linear(10, 3, dtype: DType.Float64, generator: generator);
        Tensor Predict(Tensor input) => outputLayer.Forward(Tensor.Sigmoid(hidden.Forward(input)));
        var optimizer = new SGD(hidden.Parameters().Concat(outputLayer.Parameters()), lr: lr);

        var n = x.Shape[0];
        double first = double.NaN, last = double.NaN;
        for (var epoch = 0; epoch < epochs; epoch++)
        {
            var order = Tensor.Randperm(n, generator);
            var sum = 0.0;
            for (var start = 0; start < n; start += batchSize)
            {
                var index = order[start..Math.Min(n, start + batchSize)];
                var loss = Functional.CrossEntropy(Predict(x.IndexSelect(0, index)), t.IndexSelect(0, index));
                optimizer.ZeroGrad();
                loss.Backward();
                optimizer.Step();
                sum += loss.Item<double>() * index.Shape[0];
            }

            last = sum / n;
            first = epoch == 0 ? last : first;
        }

        double accuracy;
        using (Autograd.NoGrad())
        {
            accuracy = Predict(x).ArgMax(1).Eq(t).Double().Mean().Item<double>();
        }

        if (output is not null)
        {
            Plot(x, t, Predict, output);
        }

        return new Result(first, last, accuracy);
    }

    private static void Plot(Tensor x, Tensor t, Func<Tensor, Tensor> predict, string output)
    {
        // Decision regions: the predicted class on a grid, drawn as small faint squares under the data points.
        const int Steps = 120;
        var grid = new double[Steps * Steps * 2];
        for (var i = 0; i < Steps; i++)
        {
            for (var j = 0; j < Steps; j++)
            {
                grid[2 * (i * Steps + j)] = -1.1 + 2.2 * j / (Steps - 1);
                grid[2 * (i * Steps + j) + 1] = -1.1 + 2.2 * i / (Steps - 1);
            }
        }

        long[] regions;
        using (Autograd.NoGrad())
        {
            regions = predict(Tensor.FromArray(grid, Steps * Steps, 2)).ArgMax(1).ToArray<long>();
        }

        var plot = new ScottPlot.Plot();
        plot.Title("Spiral: a 2-10-3 sigmoid network's decision regions");
        var colors = new[] { ScottPlot.Colors.Orange, ScottPlot.Colors.SteelBlue, ScottPlot.Colors.SeaGreen };
        var xs = x.ToArray<double>();
        var ts = t.ToArray<long>();
        for (var c = 0; c < colors.Length; c++)
        {
            var cells = Enumerable.Range(0, regions.Length).Where(k => regions[k] == c).ToArray();
            var region = plot.Add.ScatterPoints(cells.Select(k => grid[2 * k]).ToArray(), cells.Select(k => grid[2 * k + 1]).ToArray());
            region.Color = colors[c].WithAlpha(0.25);
            region.MarkerShape = ScottPlot.MarkerShape.FilledSquare;
            region.MarkerSize = 4;

            var points = Enumerable.Range(0, ts.Length).Where(k => ts[k] == c).ToArray();
            var data = plot.Add.ScatterPoints(points.Select(k => xs[2 * k]).ToArray(), points.Select(k => xs[2 * k + 1]).ToArray());
            data.Color = colors[c];
            data.MarkerSize = 6;
            data.LegendText = $"class {c}";
        }

        plot.ShowLegend();
        Plots.Save(plot, output, "spiral.png");
    }
}
