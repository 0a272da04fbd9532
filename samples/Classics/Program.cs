// The classic demos of the educational autograd projects (DeZero, micrograd-style tutorials, gradflow), one
// subcommand each, with the public API a PyTorch user reaches for first. Each writes a PNG under --output.
using System.Globalization;
using Classics.Demos;

var command = args.Length > 0 ? args[0] : "--help";
var output = "classics-output";
for (var i = 1; i < args.Length - 1; i++)
{
    if (args[i] == "--output")
    {
        output = args[i + 1];
    }
}

var commands = new (string Name, string Description, Action Run)[]
{
    ("rosenbrock", "Rosenbrock by gradient descent on the tape (DeZero step 28)", () =>
    {
        var r = Rosenbrock.Run(output: output);
        Print($"after 10000 steps: x0 = {r.X0:F6}, x1 = {r.X1:F6}, f = {r.Value:G4}");
    }),
    ("newton", "Newton's method on x^4 - 2x^2 through double backward (step 33)", () =>
    {
        var iterates = Newton.Run(output: output);
        for (var i = 0; i < iterates.Count; i++)
        {
            Print($"iteration {i}: x = {iterates[i]:F10}");
        }
    }),
    ("tanh", "tanh and its derivatives by createGraph and by the generator's Order = 2 (step 35)", () =>
    {
        var r = TanhDerivatives.Run(output: output);
        Print($"{r.Tape.Length - 1} derivatives on {r.X.Length} points; generator and tape agree to " +
            $"{r.GeneratedSecond.Zip(r.Tape[2]).Max(p => Math.Abs(p.First - p.Second)):G2}");
    }),
    ("todot", "the graph of tanh's second derivative as Graphviz DOT (PNG when dot is installed)", () =>
    {
        var r = ToDot.Run(output);
        Print($"wrote {r.DotPath}" + (r.PngPath is null ? " (install graphviz to render it)" : $" and {r.PngPath}"));
    }),
    ("linear", "linear regression y = 5 + 2x + noise (step 42)", () =>
    {
        var r = LinearRegression.Run(output: output);
        Print($"W = {r.W:F4}, b = {r.B:F4} (least squares: {r.ExactW:F4}, {r.ExactB:F4}), loss = {r.Loss:F4}");
    }),
    ("sin", "sin(2πx) + noise by a 1-10-1 sigmoid network (step 43)", () =>
    {
        var r = SinCurve.Run(output: output);
        Print($"loss {r.FirstLoss:F4} -> {r.FinalLoss:F4}");
    }),
    ("spiral", "the spiral classifier and its decision regions (step 48)", () =>
    {
        var r = Spiral.Run(output: output);
        Print($"epoch loss {r.FirstEpochLoss:F4} -> {r.FinalEpochLoss:F4}, accuracy {r.Accuracy:P1}");
    }),
    ("logistic", "logistic regression on 2-D data with a bias column", () =>
    {
        var r = LogisticRegression.Run(output: output);
        Print($"w = [{string.Join(", ", r.Weights.Select(v => v.ToString("F3", CultureInfo.InvariantCulture)))}], loss {r.FinalLoss:F4}, accuracy {r.Accuracy:P1}");
    }),
    ("gradflow", "gradflow's regression: make_regression-style data, squared target, gradient clipping", () =>
    {
        var r = GradflowRegression.Run(output: output);
        Print($"loss {r.FirstLoss:F4} -> {r.FinalLoss:F4}, R² {r.RSquared:F3}, {r.ClippedSteps} of {r.Steps} steps clipped");
    }),
};

if (command == "all")
{
    foreach (var c in commands)
    {
        Console.WriteLine($"{c.Name}: {c.Description}");
        c.Run();
    }

    return 0;
}

var chosen = commands.FirstOrDefault(c => c.Name == command);
if (chosen.Run is null)
{
    Console.WriteLine("usage: dotnet run --project samples/Classics -- <command> [--output DIR]   (default DIR: classics-output)");
    Console.WriteLine("commands:");
    foreach (var c in commands)
    {
        Console.WriteLine($"  {c.Name,-11} {c.Description}");
    }

    Console.WriteLine($"  {"all",-11} every command in turn");
    return command is "--help" or "-h" ? 0 : 1;
}

Console.WriteLine($"{chosen.Name}: {chosen.Description}");
chosen.Run();
return 0;

static void Print(string line) => Console.WriteLine("  " + line);
