using System.Diagnostics;
using AutoDiffGen;

namespace Classics.Demos;

/// <summary>
/// DeZero's computation-graph pictures: the graph of the second derivative of tanh (step 35's <c>gx</c>), exported with
/// <c>ToDot</c> and rendered to PNG by Graphviz's <c>dot</c> when it is installed.
/// </summary>
public static class ToDot
{
    /// <summary>The DOT text, where it was written, and the PNG (null when Graphviz is not installed or no output was asked for).</summary>
    public sealed record Result(string Dot, string? DotPath, string? PngPath);

    /// <summary>Builds the graph of d²tanh/dx² at x = 1 and exports it.</summary>
    public static Result Run(string? output = null)
    {
        var x = Tensor.Scalar(1.0).RequiresGrad_();
        x.Name = "x";
        var y = x.Tanh();
        y.Name = "y";
        var gx = Autograd.Grad(y, [x], createGraph: true)[0]!;
        var gx2 = Autograd.Grad(gx, [x], createGraph: true)[0]!;
        gx2.Name = "gx2";
        var dot = gx2.ToDot();
        if (output is null)
        {
            return new Result(dot, null, null);
        }

        Directory.CreateDirectory(output);
        var dotPath = Path.Combine(output, "tanh_gx2.dot");
        File.WriteAllText(dotPath, dot);
        var pngPath = Path.Combine(output, "tanh_gx2.png");
        return new Result(dot, dotPath, Render(dotPath, pngPath) ? pngPath : null);
    }

    /// <summary>Runs <c>dot -Tpng</c>; false when Graphviz is not installed.</summary>
    private static bool Render(string dotPath, string pngPath)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo("dot", ["-Tpng", dotPath, "-o", pngPath])
            {
                RedirectStandardError = true,
                UseShellExecute = false,
            });
            if (process is null)
            {
                return false;
            }

            process.WaitForExit();
            return process.ExitCode == 0 && File.Exists(pngPath);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}
