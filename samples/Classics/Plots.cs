namespace Classics;

/// <summary>Where the demos' PNGs go.</summary>
internal static class Plots
{
    /// <summary>Writes <paramref name="plot"/> as <paramref name="output"/>/<paramref name="file"/> (800×500) and says so.</summary>
    public static string Save(ScottPlot.Plot plot, string output, string file)
    {
        Directory.CreateDirectory(output);
        var path = Path.Combine(output, file);
        plot.SavePng(path, 800, 500);
        Console.WriteLine($"  wrote {path}");
        return path;
    }
}
