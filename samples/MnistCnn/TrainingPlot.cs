namespace MnistCnn;

/// <summary>Draws the training loss (per batch, smoothed) and the accuracies (per epoch) into a PNG.</summary>
internal static class TrainingPlot
{
    /// <param name="path">The PNG to write.</param>
    /// <param name="batchLosses">Each batch's loss, at x = fractional epoch (batch b of B in epoch e is e - 1 + (b + 1) / B).</param>
    /// <param name="epochs">One result per completed epoch.</param>
    /// <param name="title">What was trained on what.</param>
    public static void Save(string path, IReadOnlyList<(double Epoch, double Loss)> batchLosses, IReadOnlyList<EpochResult> epochs, string title)
    {
        var plot = new ScottPlot.Plot();
        plot.Title($"AutoDiffGen: {title}");
        plot.XLabel("Epoch");

        // A moving average over about a fifth of an epoch: single batches are too noisy to read.
        var window = Math.Max(1, batchLosses.Count / Math.Max(1, epochs.Count) / 5);
        var smoothed = MovingAverage(batchLosses.Select(p => p.Loss).ToArray(), window);
        var loss = plot.Add.Scatter(batchLosses.Select(p => p.Epoch).ToArray(), smoothed);
        loss.LegendText = "training loss";
        loss.MarkerSize = 0;
        plot.Axes.Left.Label.Text = "Cross-entropy loss";
        plot.Axes.SetLimitsY(0, smoothed.DefaultIfEmpty(1).Max() * 1.05, plot.Axes.Left);

        // Accuracy on its own axis: its scale (90-100 %) has nothing in common with the loss's.
        var x = epochs.Select(e => (double)e.Epoch).ToArray();
        var trainAccuracy = plot.Add.Scatter(x, epochs.Select(e => e.TrainAccuracy * 100).ToArray());
        trainAccuracy.LegendText = "training accuracy (%)";
        trainAccuracy.Axes.YAxis = plot.Axes.Right;
        var testAccuracy = plot.Add.Scatter(x, epochs.Select(e => e.TestAccuracy * 100).ToArray());
        testAccuracy.LegendText = "test accuracy (%)";
        testAccuracy.Axes.YAxis = plot.Axes.Right;
        plot.Axes.Right.Label.Text = "Accuracy (%)";
        var lowest = epochs.SelectMany(e => new[] { e.TrainAccuracy, e.TestAccuracy }).DefaultIfEmpty(0.9).Min() * 100;
        plot.Axes.SetLimitsY(Math.Floor(lowest) - 1, 100, plot.Axes.Right);
        plot.Axes.SetLimitsX(0, Math.Max(1, epochs.Count) + 0.1);

        plot.ShowLegend(ScottPlot.Alignment.MiddleRight);
        plot.SavePng(path, 900, 540);
    }

    private static double[] MovingAverage(double[] values, int window)
    {
        var result = new double[values.Length];
        var sum = 0.0;
        for (var i = 0; i < values.Length; i++)
        {
            sum += values[i];
            if (i >= window)
            {
                sum -= values[i - window];
            }

            result[i] = sum / Math.Min(i + 1, window);
        }

        return result;
    }
}
